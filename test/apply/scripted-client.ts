import type { CallOptions, CloudClient, FilterVpcsByTagsQuery } from '../../src/cloud/types.js';
import type { VpcQuota } from '../../src/model/live-state.js';
import type { ProjectTag, ResourceTag, TagAction, TaggedVpc, VpcTagQuery } from '../../src/model/tags.js';
import type { CreateVpcBody, LiveVpc, UpdateVpcBody } from '../../src/model/vpc.js';
import { VpcformError } from '../../src/errors/index.js';
import type { FakeTime } from './fake-time.js';

/**
 * A tiny scripted CloudClient for the fake-time schedule tests ONLY (the end-to-end tests use the real
 * client against the emulator). Each VPC turns PENDING_UPDATE on PUT and back to `settleTo` after
 * `transitionMs` of fake time; each call costs `rttMs` of fake time.
 */
export interface ScriptedVpc {
  vpc: LiveVpc;
  transitionMs: number;
  /** Status the VPC reaches after the transition (default OK). `null`: stays PENDING_UPDATE. */
  settleTo?: string | null;
  /** The PUT lands but the answer is lost: the client reports VPC.0113 (as a retry would meet). */
  busyOnPut?: boolean;
  /** Whether the PUT body is applied (default true). */
  applies?: boolean;
}

export class ScriptedClient implements CloudClient {
  readonly endpoint = 'http://scripted.invalid';
  readonly projectId = 'p';
  readonly calls: string[] = [];
  maxConcurrentPuts = 0;
  /** Fake ms a created VPC stays CREATING before it turns OK. */
  createTransitionMs = 1000;
  /** Tags per VPC id (null-prototype records). */
  readonly tags = new Map<string, Record<string, string>>();
  private changing = new Set<string>();
  private created = 0;

  constructor(
    private readonly time: FakeTime,
    private readonly vpcs: Map<string, ScriptedVpc>,
    private readonly rttMs = 20,
  ) {}

  async listVpcs(): Promise<LiveVpc[]> {
    return [...this.vpcs.values()].map((v) => ({ ...v.vpc }));
  }

  async listSubnets(): Promise<never[]> {
    return [];
  }

  async getVpc(id: string, options?: CallOptions): Promise<LiveVpc> {
    await this.time.sleep(this.rttMs, options?.signal);
    this.calls.push(`GET ${id}`);
    const entry = this.vpcs.get(id);
    if (!entry) throw new VpcformError('CLOUD_NOT_FOUND', { cloud: { status: 404, serviceCode: 'VPC.0003' } });
    if (entry.vpc.status !== 'PENDING_UPDATE') this.changing.delete(id);
    return { ...entry.vpc };
  }

  async updateVpc(id: string, body: UpdateVpcBody, options?: CallOptions): Promise<LiveVpc> {
    await this.time.sleep(this.rttMs / 2, options?.signal);
    this.calls.push(`PUT ${id}`);
    const entry = this.vpcs.get(id);
    if (!entry) throw new VpcformError('CLOUD_NOT_FOUND', { cloud: { status: 404 } });
    if (entry.vpc.status !== 'OK') {
      throw new VpcformError('CLOUD_BUSY', { cloud: { status: 500, serviceCode: 'VPC.0113', retryable: true, requestId: 'req-busy' } });
    }
    this.changing.add(id);
    this.maxConcurrentPuts = Math.max(this.maxConcurrentPuts, this.changing.size);
    if (entry.applies !== false) Object.assign(entry.vpc, body);
    entry.vpc.status = 'PENDING_UPDATE';
    if (entry.settleTo !== null) {
      this.time.at(this.time.now + entry.transitionMs, () => {
        entry.vpc.status = entry.settleTo ?? 'OK';
      });
    }
    await this.time.sleep(this.rttMs / 2, options?.signal);
    if (entry.busyOnPut) {
      entry.busyOnPut = false;
      throw new VpcformError('CLOUD_BUSY', { cloud: { status: 500, serviceCode: 'VPC.0113', retryable: true } });
    }
    return { ...entry.vpc };
  }

  // Create, delete, quota and tags (minimal, for the lifecycle tests): create adds a VPC that stays
  // CREATING for `createTransitionMs` of fake time, delete removes it at once (a later GET is 404),
  // tags are kept per VPC. Each call costs `rttMs` and is logged in `calls`.

  async createVpc(body: CreateVpcBody, options?: CallOptions): Promise<LiveVpc> {
    await this.time.sleep(this.rttMs, options?.signal);
    this.created += 1;
    const id = `created-${this.created}`;
    this.calls.push(`POST ${body.name}`);
    const entry: ScriptedVpc = { vpc: vpc(id, { ...body, status: 'CREATING' }), transitionMs: 0 };
    this.vpcs.set(id, entry);
    this.time.at(this.time.now + this.createTransitionMs, () => {
      if (entry.vpc.status === 'CREATING') entry.vpc.status = 'OK';
    });
    return { ...entry.vpc };
  }

  async deleteVpc(id: string, options?: CallOptions): Promise<void> {
    await this.time.sleep(this.rttMs, options?.signal);
    this.calls.push(`DELETE ${id}`);
    if (!this.vpcs.delete(id)) throw new VpcformError('CLOUD_NOT_FOUND', { cloud: { status: 404, serviceCode: 'VPC.0003' } });
    this.tags.delete(id);
  }

  async getVpcQuota(): Promise<VpcQuota> {
    return { used: this.vpcs.size, quota: 150 };
  }

  async vpcTagsAction(id: string, action: TagAction, tags: readonly ResourceTag[], options?: CallOptions): Promise<void> {
    await this.time.sleep(this.rttMs, options?.signal);
    this.calls.push(`TAGS ${action} ${id}`);
    if (!this.vpcs.has(id)) throw new VpcformError('CLOUD_NOT_FOUND', { cloud: { status: 404, serviceCode: 'VPC.0003' } });
    const current = this.tags.get(id) ?? (Object.create(null) as Record<string, string>);
    for (const tag of tags) {
      if (action === 'create') current[tag.key] = tag.value;
      else delete current[tag.key];
    }
    this.tags.set(id, current);
  }

  async getVpcTags(id: string): Promise<Record<string, string>> {
    return Object.assign(Object.create(null) as Record<string, string>, this.tags.get(id));
  }

  async listProjectTags(): Promise<ProjectTag[]> {
    const values = new Map<string, Set<string>>();
    for (const tags of this.tags.values()) for (const [key, value] of Object.entries(tags)) values.set(key, (values.get(key) ?? new Set()).add(value));
    return [...values].map(([key, set]) => ({ key, values: [...set] }));
  }

  async filterVpcsByTags(query: FilterVpcsByTagsQuery): Promise<TaggedVpc[]> {
    return [...this.vpcs.values()]
      .filter(({ vpc: v }) => matchesTagQuery(v.name, this.tags.get(v.id), query))
      .map(({ vpc: v }) => ({ resource_id: v.id, resource_name: v.name, tags: Object.assign(Object.create(null) as Record<string, string>, this.tags.get(v.id)) }));
  }

  async countVpcsByTags(query: VpcTagQuery): Promise<number> {
    return (await this.filterVpcsByTags(query)).length;
  }
}

/** Tag clauses AND-ed, values OR-ed (`[]` = any value); `resource_name` matched exactly. */
function matchesTagQuery(name: string, tags: Record<string, string> | undefined, query: VpcTagQuery): boolean {
  const own = tags ?? {};
  const tagsOk = (query.tags ?? []).every((t) => Object.hasOwn(own, t.key) && (t.values.length === 0 || t.values.includes(own[t.key]!)));
  return tagsOk && (query.matches ?? []).every((m) => m.value === name);
}

export function vpc(id: string, extra: Partial<LiveVpc> = {}): LiveVpc {
  return { id, name: `old-${id}`, cidr: '10.0.0.0/16', status: 'OK', routes: [], description: '', enable_shared_snat: false, ...extra };
}

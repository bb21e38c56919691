import type { CallOptions, CloudClient, FilterVpcsByTagsQuery, ListVpcsOptions } from '../../src/cloud/types.js';
import type { RequestLimiter } from '../../src/cloud/http/limiter.js';
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
  /** After a DELETE: `PENDING_DELETE` for `pendingMs`, then gone (default, at once when 0) or `ERROR`. */
  onDelete?: { pendingMs: number; then: 'gone' | 'ERROR' };
}

/** What the scripted listing route does: fail the next calls, leave VPCs out, refuse for good. */
export interface ListFaults {
  /** The next this-many listings fail as a 503 would after the client's retries (transient). */
  failNext: number;
  /** The reason of those failures: `503` (transient) or `429` (throttled). */
  failWith: '503' | '429';
  /** Every listing fails with a 403 (permanent). */
  forbidden: boolean;
  /** Ids a listing leaves out while GET still shows them (a lagging index, a hidden PENDING_DELETE). */
  hidden: Set<string>;
  /** A listing shows each VPC as it was this long ago (a replica that lags behind the writes). */
  lagMs: number;
}

export class ScriptedClient implements CloudClient {
  readonly endpoint = 'http://scripted.invalid';
  readonly projectId = 'p';
  /** Every call in order: `GET id`, `PUT id`, `LIST page`, `QUOTA`, `POST name`, `DELETE id`, `TAGS …`. */
  readonly calls: string[] = [];
  maxConcurrentPuts = 0;
  readonly listFaults: ListFaults = { failNext: 0, failWith: '503', forbidden: false, hidden: new Set(), lagMs: 0 };
  /** The next this-many GETs of a VPC fail as a 503 would after the client's retries. */
  failGets = 0;
  /** VPCs of the project the plan does not touch (they fill listing pages). */
  bystanders = 0;
  /** When set, every call takes a slot of this limiter first (the real one, on the fake clock). */
  limiter: RequestLimiter | undefined;
  /** Fake ms a created VPC stays CREATING before it turns OK. */
  createTransitionMs = 1000;
  /** Tags per VPC id (null-prototype records). */
  readonly tags = new Map<string, Record<string, string>>();
  private changing = new Set<string>();
  private created = 0;
  /** Each VPC as it was after each change (undefined: gone), for listings that lag. */
  private readonly versions = new Map<string, Array<{ at: number; vpc: LiveVpc | undefined }>>();

  constructor(
    private readonly time: FakeTime,
    private readonly vpcs: Map<string, ScriptedVpc>,
    private readonly rttMs = 20,
  ) {
    for (const [id, entry] of vpcs) this.versions.set(id, [{ at: Number.NEGATIVE_INFINITY, vpc: { ...entry.vpc } }]);
  }

  /** Records a VPC's state after a change (the scripted writes and transitions call it). */
  private note(id: string): void {
    const entry = this.vpcs.get(id);
    const list = this.versions.get(id) ?? [];
    list.push({ at: this.time.now, vpc: entry === undefined ? undefined : { ...entry.vpc } });
    this.versions.set(id, list);
  }

  /** The project's VPCs as a listing shows them now: lagging by `lagMs`, less the hidden ones. */
  private listed(): LiveVpc[] {
    const { lagMs, hidden } = this.listFaults;
    const out: LiveVpc[] = [];
    if (lagMs <= 0) {
      for (const entry of this.vpcs.values()) if (!hidden.has(entry.vpc.id)) out.push({ ...entry.vpc });
      return out;
    }
    for (const [id, list] of this.versions) {
      const then = list.filter((v) => v.at <= this.time.now - lagMs).at(-1)?.vpc;
      if (then !== undefined && !hidden.has(id)) out.push({ ...then });
    }
    return out;
  }

  /** Pages of `limit` (default 2000) following the marker, `rttMs` each; bystanders fill the pages. */
  async listVpcs(options: ListVpcsOptions = {}): Promise<LiveVpc[]> {
    const limit = options.limit ?? 2000;
    const out: LiveVpc[] = [];
    for (let page = 1; ; page += 1) {
      await this.slot(options);
      await this.time.sleep(this.rttMs, options.signal);
      this.calls.push(`LIST ${page}`);
      if (this.listFaults.forbidden) throw new VpcformError('CLOUD_FORBIDDEN', { summary: 'GET /v1/{project_id}/vpcs failed: 403', cloud: { status: 403, retryable: false } });
      if (this.listFaults.failNext > 0) {
        this.listFaults.failNext -= 1;
        const throttled = this.listFaults.failWith === '429';
        throw new VpcformError(throttled ? 'CLOUD_THROTTLED' : 'CLOUD_UNAVAILABLE', {
          summary: `GET /v1/{project_id}/vpcs failed: ${throttled ? '429 APIGW.0308' : '503'}`,
          cloud: { status: throttled ? 429 : 503, retryable: true },
        });
      }
      const all = [...this.listed(), ...Array.from({ length: this.bystanders }, (_, i) => vpc(`bystander-${i}`))];
      const pageItems = all.slice((page - 1) * limit, page * limit);
      out.push(...pageItems);
      if (pageItems.length < limit) return out;
    }
  }

  private async slot(options: CallOptions): Promise<void> {
    if (this.limiter === undefined) return;
    const release = await this.limiter.acquire(options.signal);
    // The slot is held for the request's round trip; the token is what matters here.
    release();
  }

  async listSubnets(): Promise<never[]> {
    return [];
  }

  async getVpc(id: string, options?: CallOptions): Promise<LiveVpc> {
    await this.slot(options ?? {});
    await this.time.sleep(this.rttMs, options?.signal);
    this.calls.push(`GET ${id}`);
    if (this.failGets > 0) {
      this.failGets -= 1;
      throw new VpcformError('CLOUD_UNAVAILABLE', { summary: 'GET /v1/{project_id}/vpcs/{vpc_id} failed: 503', cloud: { status: 503, retryable: true } });
    }
    const entry = this.vpcs.get(id);
    if (!entry) throw new VpcformError('CLOUD_NOT_FOUND', { cloud: { status: 404, serviceCode: 'VPC.0003' } });
    if (entry.vpc.status !== 'PENDING_UPDATE') this.changing.delete(id);
    return { ...entry.vpc };
  }

  async updateVpc(id: string, body: UpdateVpcBody, options?: CallOptions): Promise<LiveVpc> {
    await this.slot(options ?? {});
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
    this.note(id);
    if (entry.settleTo !== null) {
      this.time.at(this.time.now + entry.transitionMs, () => {
        entry.vpc.status = entry.settleTo ?? 'OK';
        this.note(id);
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
  // CREATING for `createTransitionMs` of fake time, delete removes it at once (a later GET is 404)
  // unless `onDelete` says otherwise, tags are kept per VPC. Each call costs `rttMs` and is logged in `calls`.

  async createVpc(body: CreateVpcBody, options?: CallOptions): Promise<LiveVpc> {
    await this.time.sleep(this.rttMs, options?.signal);
    this.created += 1;
    const id = `created-${this.created}`;
    this.calls.push(`POST ${body.name}`);
    const entry: ScriptedVpc = { vpc: vpc(id, { ...body, status: 'CREATING' }), transitionMs: 0 };
    this.vpcs.set(id, entry);
    this.note(id);
    this.time.at(this.time.now + this.createTransitionMs, () => {
      if (entry.vpc.status === 'CREATING') entry.vpc.status = 'OK';
      this.note(id);
    });
    return { ...entry.vpc };
  }

  async deleteVpc(id: string, options?: CallOptions): Promise<void> {
    await this.time.sleep(this.rttMs, options?.signal);
    this.calls.push(`DELETE ${id}`);
    const entry = this.vpcs.get(id);
    if (entry === undefined) throw new VpcformError('CLOUD_NOT_FOUND', { cloud: { status: 404, serviceCode: 'VPC.0003' } });
    const gone = (): void => {
      this.vpcs.delete(id);
      this.tags.delete(id);
      this.note(id);
    };
    if (entry.onDelete === undefined || (entry.onDelete.pendingMs <= 0 && entry.onDelete.then === 'gone')) return gone();
    entry.vpc.status = 'PENDING_DELETE';
    this.note(id);
    const then = entry.onDelete.then;
    this.time.at(this.time.now + entry.onDelete.pendingMs, () => {
      if (then === 'gone') return gone();
      entry.vpc.status = 'ERROR';
      this.note(id);
    });
  }

  async getVpcQuota(options?: CallOptions): Promise<VpcQuota> {
    await this.slot(options ?? {});
    await this.time.sleep(this.rttMs, options?.signal);
    this.calls.push('QUOTA');
    return { used: this.vpcs.size + this.bystanders, quota: -1 };
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

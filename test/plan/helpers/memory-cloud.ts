import type { CloudClient, ListSubnetsOptions, ListVpcsOptions } from '../../../src/cloud/types.js';
import type { VpcQuota } from '../../../src/model/live-state.js';
import type { ProjectTag, TaggedVpc } from '../../../src/model/tags.js';
import type { CreateVpcBody, LiveSubnet, LiveVpc, UpdateVpcBody } from '../../../src/model/vpc.js';
import { VpcformError } from '../../../src/errors/index.js';

/** The VPC as the v1 API answers it: no tags. */
function v1(vpc: LiveVpc): LiveVpc {
  const { tags: _tags, ...rest } = structuredClone(vpc);
  return rest;
}

function tagsOf(vpc: LiveVpc | undefined): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, vpc?.tags ?? {});
}

/** Live state as the fixtures record it (`live.json`; a VPC's `tags` are what the v2.0 tag API holds). */
export interface LiveFixture {
  vpcs: LiveVpc[];
  subnets: LiveSubnet[];
  /** The project's VPC quota; without it, `used` is the number of VPCs and the quota is large. */
  quota?: VpcQuota;
}

/**
 * An in-memory CloudClient for the pure-core tests (refresh feeding buildPlan): it counts calls so
 * tests can hold refresh to its call budget. Talking HTTP is the emulator tests' job.
 */
export class MemoryCloud implements CloudClient {
  readonly endpoint = 'http://127.0.0.1:9';
  readonly projectId = '0123456789abcdef0123456789abcdef';
  readonly calls = { listVpcs: 0, getVpc: 0, listSubnets: 0, getVpcQuota: 0, getVpcTags: 0, listProjectTags: 0, filterVpcsByTags: 0 };

  constructor(private readonly live: LiveFixture) {}

  async listVpcs(options: ListVpcsOptions = {}): Promise<LiveVpc[]> {
    this.calls.listVpcs += 1;
    return this.live.vpcs.filter((v) => options.id === undefined || v.id === options.id).map(v1);
  }

  async getVpc(id: string): Promise<LiveVpc> {
    this.calls.getVpc += 1;
    const vpc = this.live.vpcs.find((v) => v.id === id);
    if (!vpc) throw new VpcformError('CLOUD_NOT_FOUND', { summary: `VPC ${id} does not exist` });
    return v1(vpc);
  }

  async updateVpc(_id: string, _body: UpdateVpcBody): Promise<LiveVpc> {
    throw new Error('plan never updates');
  }

  async listSubnets(options: ListSubnetsOptions = {}): Promise<LiveSubnet[]> {
    this.calls.listSubnets += 1;
    return structuredClone(this.live.subnets.filter((s) => options.vpcId === undefined || s.vpc_id === options.vpcId));
  }

  async getVpcQuota(): Promise<VpcQuota> {
    this.calls.getVpcQuota += 1;
    return structuredClone(this.live.quota ?? { used: this.live.vpcs.length, quota: 150 });
  }

  async createVpc(_body: CreateVpcBody): Promise<LiveVpc> {
    throw new Error('plan never creates');
  }

  async deleteVpc(_id: string): Promise<void> {
    throw new Error('plan never deletes');
  }

  // Tags live beside the v1 object (`tags` in live.json), as the v2.0 API keeps them.
  async vpcTagsAction(): Promise<void> {
    throw new Error('plan never changes tags');
  }

  async getVpcTags(id: string): Promise<Record<string, string>> {
    this.calls.getVpcTags += 1;
    return tagsOf(this.live.vpcs.find((v) => v.id === id));
  }

  async listProjectTags(): Promise<ProjectTag[]> {
    this.calls.listProjectTags += 1;
    const keys = new Map<string, Set<string>>();
    for (const vpc of this.live.vpcs) for (const [k, v] of Object.entries(vpc.tags ?? {})) keys.set(k, (keys.get(k) ?? new Set()).add(v));
    return [...keys].map(([key, values]) => ({ key, values: [...values] }));
  }

  async filterVpcsByTags(): Promise<TaggedVpc[]> {
    this.calls.filterVpcsByTags += 1;
    return this.live.vpcs.map((v) => ({ resource_id: v.id, resource_name: v.name, tags: tagsOf(v) }));
  }

  async countVpcsByTags(): Promise<number> {
    throw new Error('MemoryCloud does not hold tags');
  }
}

import type { CloudClient, ListSubnetsOptions, ListVpcsOptions } from '../../../src/cloud/types.js';
import type { VpcQuota } from '../../../src/model/live-state.js';
import type { CreateVpcBody, LiveSubnet, LiveVpc, UpdateVpcBody } from '../../../src/model/vpc.js';
import { VpcformError } from '../../../src/errors/index.js';

/** Live state as the fixtures record it (`live.json`). */
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
  readonly calls = { listVpcs: 0, getVpc: 0, listSubnets: 0, getVpcQuota: 0 };

  constructor(private readonly live: LiveFixture) {}

  async listVpcs(options: ListVpcsOptions = {}): Promise<LiveVpc[]> {
    this.calls.listVpcs += 1;
    return structuredClone(this.live.vpcs.filter((v) => options.id === undefined || v.id === options.id));
  }

  async getVpc(id: string): Promise<LiveVpc> {
    this.calls.getVpc += 1;
    const vpc = this.live.vpcs.find((v) => v.id === id);
    if (!vpc) throw new VpcformError('CLOUD_NOT_FOUND', { summary: `VPC ${id} does not exist` });
    return structuredClone(vpc);
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

  // Tags are not read by plan yet (their issue adds that); these fail loudly if something starts to.
  async vpcTagsAction(): Promise<void> {
    throw new Error('plan never changes tags');
  }

  async getVpcTags(): Promise<Record<string, string>> {
    throw new Error('MemoryCloud does not hold tags');
  }

  async listProjectTags(): Promise<never[]> {
    throw new Error('MemoryCloud does not hold tags');
  }

  async filterVpcsByTags(): Promise<never[]> {
    throw new Error('MemoryCloud does not hold tags');
  }

  async countVpcsByTags(): Promise<number> {
    throw new Error('MemoryCloud does not hold tags');
  }
}

import type { Clock, Sleep } from '../../src/apply/types.js';
import type { CallOptions, CloudClient } from '../../src/cloud/types.js';
import { VpcformError } from '../../src/errors/index.js';
import type { CreateVpcBody, LiveVpc, UpdateVpcBody } from '../../src/model/vpc.js';

/**
 * An in-memory CloudClient for the watch loop's schedule tests ONLY (the end-to-end tests use the
 * real client against the emulator). Writes land at once (status OK); `down` makes every call fail
 * as an unreachable endpoint does; `refusePuts` makes every PUT fail as a validation error does.
 */
export class FakeCloud implements CloudClient {
  readonly endpoint = 'http://fake.invalid';
  readonly projectId = '0123456789abcdef0123456789abcdef';
  readonly calls: string[] = [];
  down = false;
  refusePuts = false;
  private readonly vpcs = new Map<string, LiveVpc>();

  constructor(vpcs: LiveVpc[]) {
    for (const vpc of vpcs) this.vpcs.set(vpc.id, { ...vpc });
  }

  vpc(id: string): LiveVpc | undefined {
    return this.vpcs.get(id);
  }

  set(id: string, change: Partial<LiveVpc>): void {
    const vpc = this.vpcs.get(id);
    if (vpc !== undefined) Object.assign(vpc, change);
  }

  private call(what: string): void {
    this.calls.push(what);
    if (this.down) throw new VpcformError('CLOUD_NETWORK', { summary: `${what} failed: ECONNREFUSED`, cloud: { retryable: true } });
  }

  writes(): string[] {
    return this.calls.filter((c) => !c.startsWith('GET'));
  }

  async listVpcs(): Promise<LiveVpc[]> {
    this.call('GET vpcs');
    return [...this.vpcs.values()].map((v) => ({ ...v }));
  }

  async getVpc(id: string): Promise<LiveVpc> {
    this.call(`GET ${id}`);
    const vpc = this.vpcs.get(id);
    if (vpc === undefined) throw new VpcformError('CLOUD_NOT_FOUND', { cloud: { status: 404, serviceCode: 'VPC.0003' } });
    return { ...vpc };
  }

  async updateVpc(id: string, body: UpdateVpcBody, _options?: CallOptions): Promise<LiveVpc> {
    this.call(`PUT ${id}`);
    if (this.refusePuts) throw new VpcformError('CLOUD_BAD_REQUEST', { summary: 'PUT refused (400 VPC.0101)', cloud: { status: 400, serviceCode: 'VPC.0101', retryable: false } });
    const vpc = this.vpcs.get(id);
    if (vpc === undefined) throw new VpcformError('CLOUD_NOT_FOUND', { cloud: { status: 404 } });
    Object.assign(vpc, body, { status: 'OK' });
    return { ...vpc };
  }

  async listSubnets(): Promise<never[]> {
    this.call('GET subnets');
    return [];
  }

  async createVpc(body: CreateVpcBody): Promise<LiveVpc> {
    this.call(`POST ${body.name}`);
    const vpc: LiveVpc = { id: `new-${this.vpcs.size}`, name: body.name, cidr: body.cidr, status: 'OK', routes: [], ...(body.description !== undefined && { description: body.description }) };
    this.vpcs.set(vpc.id, vpc);
    return { ...vpc };
  }

  async deleteVpc(id: string): Promise<void> {
    this.call(`DELETE ${id}`);
    this.vpcs.delete(id);
  }

  async getVpcQuota(): Promise<{ used: number; quota: number }> {
    this.call('GET quota');
    return { used: this.vpcs.size, quota: -1 };
  }

  async vpcTagsAction(): Promise<void> {
    throw new Error('not used by these tests');
  }

  async getVpcTags(): Promise<Record<string, string>> {
    throw new Error('not used by these tests');
  }

  async listProjectTags(): Promise<never[]> {
    throw new Error('not used by these tests');
  }

  async filterVpcsByTags(): Promise<never[]> {
    throw new Error('not used by these tests');
  }

  async countVpcsByTags(): Promise<number> {
    throw new Error('not used by these tests');
  }
}

/** Fake time that jumps: every sleep moves the clock forward at once (unless the signal aborted). */
export function jumpingTime(start = 1_700_000_000_000): { clock: Clock; sleep: Sleep; advance(ms: number): void; now(): number } {
  let now = start;
  return {
    clock: { now: () => now },
    sleep: async (ms, signal) => {
      if (signal?.aborted !== true) now += Math.max(0, ms);
    },
    advance: (ms) => {
      now += ms;
    },
    now: () => now,
  };
}

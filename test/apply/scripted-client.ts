import type { CallOptions, CloudClient } from '../../src/cloud/types.js';
import type { LiveVpc, UpdateVpcBody } from '../../src/model/vpc.js';
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
  private changing = new Set<string>();

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
}

export function vpc(id: string, extra: Partial<LiveVpc> = {}): LiveVpc {
  return { id, name: `old-${id}`, cidr: '10.0.0.0/16', status: 'OK', routes: [], description: '', enable_shared_snat: false, ...extra };
}

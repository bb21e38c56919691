import { randomUUID } from 'node:crypto';
import { containsCidr } from '../config/ipv4.js';
import { parseCidr } from './cidr.js';
import type { SubnetRecord, VpcRecord } from './types.js';

/** `yyyy-MM-ddTHH:mm:ss` in UTC, without `Z` (reference §1.3). */
export function apiTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

/** `settle_to` of a VPC in `PENDING_DELETE`: at `settle_at` it is removed (GET answers 404). */
export const GONE = '(gone)';

export interface ListQuery {
  /** `undefined` = every enterprise project (`all_granted_eps`). */
  enterpriseProjectId: string | undefined;
  id: string | undefined;
  /** Start after this id; must exist. */
  marker: string | undefined;
  limit: number;
}

/**
 * The VPCs and subnets of the one emulated project. Built for 100,000 VPCs: VPCs sit in an
 * insertion-ordered slot array with an id -> slot index, so `marker` costs O(1), and each VPC's JSON
 * is cached until it changes, so a 2000-item page is a join of cached strings. Transient statuses
 * (`CREATING`, `PENDING_UPDATE`) settle lazily when read, against the injected clock; VPCs whose
 * `PENDING_DELETE` window is over are swept out before any read.
 */
export class VpcStore {
  private readonly slots: Array<string | undefined> = [];
  private readonly slotOf = new Map<string, number>();
  private readonly vpcs = new Map<string, VpcRecord>();
  private readonly jsonCache = new Map<string, string>();
  private readonly idByName = new Map<string, string>();
  private readonly subnets = new Map<string, SubnetRecord>();
  private readonly subnetIdsByVpc = new Map<string, Set<string>>();
  private holes = 0;
  /** Ids in `PENDING_DELETE` that will go, with the time they go; `nextLeave` = the earliest (or later). */
  private readonly leaving = new Map<string, number>();
  private nextLeave = Infinity;

  constructor(
    readonly projectId: string,
    private readonly now: () => number,
    private readonly onChange: () => void = () => undefined,
  ) {}

  get vpcCount(): number {
    this.sweep();
    return this.vpcs.size;
  }

  get subnetCount(): number {
    return this.subnets.size;
  }

  newId(): string {
    return randomUUID();
  }

  // ---- VPCs -------------------------------------------------------------------------------------

  hasVpc(id: string): boolean {
    this.sweep();
    return this.vpcs.has(id);
  }

  /** The VPC with its status settled as of now; undefined when absent. */
  getVpc(id: string): VpcRecord | undefined {
    this.sweep();
    return this.settled(id);
  }

  private settled(id: string): VpcRecord | undefined {
    const record = this.vpcs.get(id);
    if (record) this.settle(record);
    return record;
  }

  vpcJson(id: string): string | undefined {
    this.sweep();
    return this.settledJson(id);
  }

  private settledJson(id: string): string | undefined {
    const record = this.settled(id);
    if (!record) return undefined;
    let text = this.jsonCache.get(id);
    if (text === undefined) {
      text = wireJson(record);
      this.jsonCache.set(id, text);
    }
    return text;
  }

  /** A name stays taken while its VPC shows `PENDING_DELETE`, until the VPC is gone. */
  idOfName(name: string): string | undefined {
    this.sweep();
    return name === '' ? undefined : this.idByName.get(name);
  }

  /** Adds a VPC (ids and names already checked by the caller). */
  insertVpc(record: VpcRecord): void {
    this.vpcs.set(record.id, record);
    // Serialized now, while seeding, so that the first walk over a large list is as fast as the next.
    if (record.settle_at === undefined) this.jsonCache.set(record.id, wireJson(record));
    this.slotOf.set(record.id, this.slots.length);
    this.slots.push(record.id);
    if (record.name !== '') this.idByName.set(record.name, record.id);
    this.trackLeaving(record);
    this.onChange();
  }

  /** Replaces a VPC's fields in place (the caller validated them). */
  replaceVpc(id: string, next: VpcRecord): void {
    const previous = this.vpcs.get(id);
    if (!previous) return;
    if (previous.name !== '' && this.idByName.get(previous.name) === id) this.idByName.delete(previous.name);
    if (next.name !== '') this.idByName.set(next.name, id);
    this.vpcs.set(id, next);
    this.jsonCache.delete(id);
    this.leaving.delete(id);
    this.trackLeaving(next);
    this.onChange();
  }

  deleteVpc(id: string): boolean {
    const record = this.vpcs.get(id);
    const slot = this.slotOf.get(id);
    if (!record || slot === undefined) return false;
    this.vpcs.delete(id);
    this.slotOf.delete(id);
    this.jsonCache.delete(id);
    this.leaving.delete(id);
    if (this.idByName.get(record.name) === id) this.idByName.delete(record.name);
    this.slots[slot] = undefined;
    this.holes += 1;
    if (this.holes > 1024 && this.holes * 2 > this.slots.length) this.compact();
    this.onChange();
    return true;
  }

  /** JSON texts of one list page, or `undefined` when the marker is unknown. */
  listPage(query: ListQuery): string[] | undefined {
    this.sweep();
    let start = 0;
    if (query.marker !== undefined) {
      const slot = this.slotOf.get(query.marker);
      if (slot === undefined) return undefined;
      start = slot + 1;
    }
    const page: string[] = [];
    if (query.id !== undefined) {
      const slot = this.slotOf.get(query.id);
      if (slot !== undefined && slot >= start) start = slot;
      else return page;
    }
    for (let i = start; i < this.slots.length && page.length < query.limit; i += 1) {
      const id = this.slots[i];
      if (id === undefined) continue;
      if (query.id !== undefined && id !== query.id) break;
      const record = this.vpcs.get(id)!;
      if (query.enterpriseProjectId !== undefined && record.enterprise_project_id !== query.enterpriseProjectId) continue;
      page.push(this.settledJson(id)!);
    }
    return page;
  }

  /** All VPCs in list order, settled (state file, tests). */
  allVpcs(): VpcRecord[] {
    this.sweep();
    const out: VpcRecord[] = [];
    for (const id of this.slots) {
      if (id !== undefined) out.push(this.settled(id)!);
    }
    return out;
  }

  private trackLeaving(record: VpcRecord): void {
    if (record.settle_to !== GONE || record.settle_at === undefined) return;
    this.leaving.set(record.id, record.settle_at);
    this.nextLeave = Math.min(this.nextLeave, record.settle_at);
  }

  /** Removes the VPCs whose `PENDING_DELETE` window is over. O(1) until one is due. */
  private sweep(): void {
    if (this.leaving.size === 0) return;
    const now = this.now();
    if (now < this.nextLeave) return;
    let next = Infinity;
    for (const [id, at] of this.leaving) {
      if (now >= at) this.deleteVpc(id);
      else next = Math.min(next, at);
    }
    this.nextLeave = next;
  }

  private settle(record: VpcRecord): void {
    if (record.settle_at === undefined || record.settle_to === GONE || this.now() < record.settle_at) return;
    record.status = record.settle_to ?? 'OK';
    delete record.settle_at;
    delete record.settle_to;
    this.jsonCache.delete(record.id);
    this.onChange();
  }

  private compact(): void {
    const live = this.slots.filter((id): id is string => id !== undefined);
    this.slots.length = 0;
    this.slotOf.clear();
    for (const id of live) {
      this.slotOf.set(id, this.slots.length);
      this.slots.push(id);
    }
    this.holes = 0;
  }

  // ---- subnets ----------------------------------------------------------------------------------

  getSubnet(id: string): SubnetRecord | undefined {
    return this.subnets.get(id);
  }

  subnetsOf(vpcId: string): SubnetRecord[] {
    const ids = this.subnetIdsByVpc.get(vpcId);
    return ids ? [...ids].map((id) => this.subnets.get(id)!) : [];
  }

  allSubnets(): SubnetRecord[] {
    return [...this.subnets.values()];
  }

  insertSubnet(subnet: SubnetRecord): void {
    this.subnets.set(subnet.id, subnet);
    let ids = this.subnetIdsByVpc.get(subnet.vpc_id);
    if (!ids) {
      ids = new Set();
      this.subnetIdsByVpc.set(subnet.vpc_id, ids);
    }
    ids.add(subnet.id);
    this.onChange();
  }

  deleteSubnet(id: string): boolean {
    const subnet = this.subnets.get(id);
    if (!subnet) return false;
    this.subnets.delete(id);
    this.subnetIdsByVpc.get(subnet.vpc_id)?.delete(id);
    this.onChange();
    return true;
  }

  /** Whether `cidr` contains every subnet of the VPC (the VPC.0117 rule). */
  coversSubnets(vpcId: string, cidrText: string): boolean {
    const cidr = parseCidr(cidrText);
    if (!cidr) return false;
    return this.subnetsOf(vpcId).every((s) => {
      const inner = parseCidr(s.cidr);
      return inner !== undefined && containsCidr(cidr, inner);
    });
  }
}

/** The VPC object on the wire: the documented fields in the documented order, nothing internal. */
export function toWire(record: VpcRecord): Record<string, unknown> {
  return {
    id: record.id,
    name: record.name,
    description: record.description,
    cidr: record.cidr,
    status: record.status,
    routes: record.routes,
    enable_shared_snat: record.enable_shared_snat,
    enterprise_project_id: record.enterprise_project_id,
    tenant_id: record.tenant_id,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

const q = JSON.stringify;

/**
 * `JSON.stringify(toWire(record))` without the intermediate object: at 100,000 VPCs the garbage it
 * saves shows in list latency. A property test keeps the two identical.
 */
export function wireJson(r: VpcRecord): string {
  return (
    `{"id":${q(r.id)},"name":${q(r.name)},"description":${q(r.description)},"cidr":${q(r.cidr)},` +
    `"status":${q(r.status)},"routes":${q(r.routes)},"enable_shared_snat":${q(r.enable_shared_snat)},` +
    `"enterprise_project_id":${q(r.enterprise_project_id)},"tenant_id":${q(r.tenant_id)},` +
    `"created_at":${q(r.created_at)},"updated_at":${q(r.updated_at)}}`
  );
}

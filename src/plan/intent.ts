import type { DesiredVpc } from '../config/types.js';
import type { Resolution } from '../model/live-state.js';
import type { LiveVpc } from '../model/vpc.js';

/**
 * What each desired entry asks of the cloud, decided from the entries and what refresh resolved,
 * before any attribute is compared. Pure; refresh uses it to know what else to read (subnets of a
 * VPC to delete, the quota when something is created), and buildPlan to plan each entry.
 *
 * - `manage`: present and found — an update or a no-op, once compared.
 * - `create`: present, without `id`, and no VPC has the name — or the VPC that has it is deleted or
 *   renamed away by another entry of this file (a replacement), which the create then waits for.
 * - `delete`: absent and found. `gone`: absent and not found (nothing to do).
 * - `unresolved`: not found by id, ambiguous, no identity: an error.
 */
export type Intent =
  | { kind: 'manage'; live: LiveVpc; resolution: Extract<Resolution, { status: 'found' }> }
  | { kind: 'create'; waitsFor: string[] }
  | { kind: 'delete'; live: LiveVpc; resolution: Extract<Resolution, { status: 'found' }> }
  | { kind: 'gone' }
  | { kind: 'unresolved'; resolution: Exclude<Resolution, { status: 'found' }> };

export function isAbsent(desired: DesiredVpc): boolean {
  return desired.ensure === 'absent';
}

/** One intent per entry, in the order of `vpcs`. `resolutions` holds each entry's refresh result. */
export function decideIntents(vpcs: readonly DesiredVpc[], resolutions: ReadonlyMap<string, Resolution>): Intent[] {
  const resolutionOf = (d: DesiredVpc): Resolution => resolutions.get(d.address) ?? { status: 'no_identity' };
  // Who frees a live VPC's name in this plan: an absent entry deletes it; a present entry that names
  // it by id renames it when its desired name differs.
  const freedBy = new Map<string, string>();
  for (const desired of vpcs) {
    const r = resolutionOf(desired);
    if (r.status !== 'found') continue;
    if (isAbsent(desired)) freedBy.set(r.live.id, desired.address);
    else if (desired.id !== undefined && desired.name !== undefined && desired.name !== r.live.name) freedBy.set(r.live.id, desired.address);
  }
  return vpcs.map((desired): Intent => {
    const r = resolutionOf(desired);
    if (isAbsent(desired)) {
      if (r.status === 'found') return { kind: 'delete', live: r.live, resolution: r };
      return r.status === 'not_found' ? { kind: 'gone' } : { kind: 'unresolved', resolution: r };
    }
    if (r.status === 'found') {
      const freer = desired.id === undefined ? freedBy.get(r.live.id) : undefined;
      if (freer !== undefined && freer !== desired.address) return { kind: 'create', waitsFor: [freer] };
      return { kind: 'manage', live: r.live, resolution: r };
    }
    if (r.status === 'not_found' && r.by === 'name') return { kind: 'create', waitsFor: [] };
    return { kind: 'unresolved', resolution: r };
  });
}

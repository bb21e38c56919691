import type { FileDrift, VpcDrift } from '../drift/types.js';
import type { VpcDriftState, WatchEvent } from './types.js';

/** The VPCs of one target that were not in sync at its last successful check, by address. */
export type Drifting = ReadonlyMap<string, DriftingVpc>;

export interface DriftingVpc extends VpcDriftState {
  /** What makes two sightings "the same drift": status, message and each field's values. */
  signature: string;
}

/**
 * What changed between two checks of one target: a VPC that starts drifting, drifts differently (a
 * second field, another live value) or stops drifting yields one event; a VPC that drifts as before
 * yields none, so a steady state prints nothing per VPC. Pure.
 */
export function driftTransitions(previous: Drifting, file: FileDrift, target: string, at: number): { events: WatchEvent[]; current: Drifting } {
  const current = new Map<string, DriftingVpc>();
  const events: WatchEvent[] = [];
  const declared = new Set<string>();
  for (const vpc of file.vpcs) {
    declared.add(vpc.address);
    const before = previous.get(vpc.address);
    if (vpc.status === 'in_sync') {
      if (before !== undefined) events.push({ type: 'drift_stopped', at, target, address: vpc.address, ...idOf(vpc, before), reason: 'in_sync' });
      continue;
    }
    const now = driftingVpc(vpc, vpc.status);
    current.set(vpc.address, now);
    if (before === undefined) events.push({ type: 'drift_started', at, target, ...stateOf(now) });
    else if (before.signature !== now.signature) events.push({ type: 'drift_changed', at, target, ...stateOf(now) });
  }
  for (const [address, before] of previous) {
    if (!declared.has(address)) events.push({ type: 'drift_stopped', at, target, address, ...(before.id !== undefined && { id: before.id }), reason: 'removed_from_file' });
  }
  return { events, current };
}

function driftingVpc(vpc: VpcDrift, status: VpcDriftState['status']): DriftingVpc {
  const fields = vpc.fields.map((f) => ({ ...f }));
  const state: VpcDriftState = { address: vpc.address, status, fields, ...(vpc.id !== undefined && { id: vpc.id }), ...(vpc.message !== undefined && { message: vpc.message }) };
  // Where the file sets a field is not part of the drift: an edit elsewhere in the file moves it.
  const values = fields.map(({ path, live, desired, managed }) => [path, live, desired, managed]);
  return { ...state, signature: JSON.stringify([status, vpc.id, vpc.message, values]) };
}

function stateOf(vpc: DriftingVpc): VpcDriftState {
  const { signature: _signature, ...state } = vpc;
  return state;
}

function idOf(vpc: VpcDrift, before: DriftingVpc): { id?: string } {
  const id = vpc.id ?? before.id;
  return id === undefined ? {} : { id };
}

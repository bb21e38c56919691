import type { CloudClient } from '../cloud/types.js';
import { narrowState } from '../config/targets.js';
import type { DesiredState } from '../config/types.js';
import type { Refreshed } from '../model/live-state.js';
import { targetDependencies } from '../plan/targets.js';
import { refresh, type RefreshOptions } from './refresh.js';

export interface TargetedRefresh {
  /** The file narrowed to the targets and the entries they depend on, in file order. */
  state: DesiredState;
  refreshed: Refreshed;
}

/**
 * Refresh for `--target`: only the targeted entries are read. When what they found shows that one
 * depends on an untargeted entry (`targetDependencies`), that entry is added and the larger set read
 * again — rare (a replacement by name, two entries on one VPC), and a plain refresh of the final set
 * gives buildPlan exactly what it would read for those entries in any file. Ends: each round adds at
 * least one entry of a finite file.
 */
export async function refreshTargets(client: CloudClient, state: DesiredState, targets: readonly string[], options: RefreshOptions = {}): Promise<TargetedRefresh> {
  const selected = new Set(targets);
  for (;;) {
    const narrowed = narrowState(state, selected);
    const refreshed = await refresh(client, narrowed, options);
    const added = [...targetDependencies(state.vpcs, selected, refreshed).keys()].filter((address) => !selected.has(address));
    if (added.length === 0) return { state: narrowed, refreshed };
    for (const address of added) selected.add(address);
  }
}

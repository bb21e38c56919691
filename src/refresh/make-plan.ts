import type { CloudClient } from '../cloud/types.js';
import type { DesiredState } from '../config/types.js';
import { VERSION } from '../version.js';
import { buildPlan } from '../plan/build-plan.js';
import { withTargets } from '../plan/targets.js';
import { refresh, type RefreshOptions } from './refresh.js';
import { refreshTargets } from './refresh-targets.js';
import type { Plan } from '../plan/types.js';

export interface MakePlanOptions extends RefreshOptions {
  now?: Date;
  /**
   * `--target`: addresses (`vpcs.<key>`) of this file to plan, checked by `selectTargets`. Only they,
   * and the entries they depend on, are read and planned; the plan records them in `targets`.
   */
  targets?: readonly string[];
}

/**
 * The plan stage for one desired-state file: refresh through `client`, then the pure `buildPlan`.
 * `vpcform plan`, `vpcform apply -f` and the library all plan through here.
 */
export async function makePlan(client: CloudClient, state: DesiredState, options: MakePlanOptions = {}): Promise<Plan> {
  const { now = new Date(), targets, ...refreshOptions } = options;
  const base = { endpoint: client.endpoint, projectId: client.projectId, now, toolVersion: VERSION };
  if (targets === undefined) return buildPlan({ state, refreshed: await refresh(client, state, refreshOptions), ...base });
  const targeted = await refreshTargets(client, state, targets, refreshOptions);
  return withTargets(buildPlan({ state: targeted.state, refreshed: targeted.refreshed, ...base }), targets);
}

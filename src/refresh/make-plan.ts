import type { CloudClient } from '../cloud/types.js';
import type { DesiredState } from '../config/types.js';
import { VERSION } from '../version.js';
import { buildPlan } from '../plan/build-plan.js';
import { refresh, type RefreshOptions } from './refresh.js';
import type { Plan } from '../plan/types.js';

/**
 * The plan stage for one desired-state file: refresh through `client`, then the pure `buildPlan`.
 * `vpcform plan`, `vpcform apply -f` and the library all plan through here.
 */
export async function makePlan(client: CloudClient, state: DesiredState, options: RefreshOptions & { now?: Date } = {}): Promise<Plan> {
  const { now = new Date(), ...refreshOptions } = options;
  const refreshed = await refresh(client, state, refreshOptions);
  return buildPlan({ state, refreshed, endpoint: client.endpoint, projectId: client.projectId, now, toolVersion: VERSION });
}

import type { CloudClient } from '../cloud/types.js';
import type { Target } from '../config/types.js';
import { VpcformError } from '../errors/index.js';
import type { Plan } from '../plan/types.js';

/**
 * The target of a saved plan: its endpoint and project. The region is not needed once the endpoint is
 * known (password login finds IAM beside the endpoint).
 */
export function savedPlanTarget(plan: Plan): Target {
  return { cloud: 'otc', region: '', project_id: plan.target.project_id, endpoint: plan.target.endpoint };
}

/**
 * Refuses (`PLAN_TARGET_MISMATCH`) a saved plan when the connection made for it (flags, environment)
 * points at another endpoint, or the environment names another project. `vpcform apply PLAN` and the
 * library's `apply({ plans })` both check here.
 */
export function checkSavedPlanTarget(plan: Plan, client: CloudClient, env: Readonly<Record<string, string | undefined>>, shown: string): void {
  const envProject = env['HW_PROJECT_ID'] || env['OS_PROJECT_ID'] || undefined;
  const mismatches: string[] = [];
  if (client.endpoint !== plan.target.endpoint) mismatches.push(`endpoint: the plan is for ${plan.target.endpoint}, the current connection is ${client.endpoint}`);
  if (envProject !== undefined && envProject !== plan.target.project_id) {
    mismatches.push(`project: the plan is for ${plan.target.project_id}, the environment says ${envProject}`);
  }
  if (mismatches.length > 0) {
    throw new VpcformError('PLAN_TARGET_MISMATCH', {
      summary: `${shown} was made for another target`,
      detail: mismatches.join('\n'),
      hint: 'Apply the plan against the target it was made for (drop --endpoint / VPCFORM_ENDPOINT / the project variable), or make a new plan for this one.',
    });
  }
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { connect } from '../../cli/connect.js';
import type { CliIO, GlobalOptions } from '../../cli/io.js';
import type { CloudClient } from '../../cloud/types.js';
import { loadStates } from '../../cli/load-states.js';
import { VpcformError } from '../../errors/index.js';
import { buildPlan } from '../../plan/build-plan.js';
import { parsePlan } from '../../plan/plan-file.js';
import { refresh } from '../../plan/refresh.js';
import type { Plan } from '../../plan/types.js';
import { VERSION } from '../../version.js';

/** One plan and the client that will carry it out. */
export interface PlanToApply {
  plan: Plan;
  client: CloudClient;
  /** Saved plans: re-read each VPC and refuse the ones that changed since. */
  saved: boolean;
}

/** `apply -f FILE|DIR`: the plan stage, once per desired-state file. */
export async function planFromFiles(files: readonly string[], io: CliIO, globals: GlobalOptions, endpoint: string | undefined): Promise<PlanToApply[]> {
  const states = await loadStates(files, io);
  const out: PlanToApply[] = [];
  for (const state of states) {
    const client = connect(state.target, { io, debug: globals.debug, ...(endpoint !== undefined && { endpointOverride: endpoint }) });
    const refreshed = await refresh(client, state, { signal: io.signal });
    out.push({ plan: buildPlan({ state, refreshed, endpoint: client.endpoint, projectId: client.projectId, now: new Date(), toolVersion: VERSION }), client, saved: false });
  }
  return out;
}

/**
 * `apply PLAN`: a saved plan, for the target it was made for. Refuses a plan whose endpoint or
 * project differs from where the current flags and environment point (`PLAN_TARGET_MISMATCH`).
 */
export async function savedPlan(path: string, io: CliIO, globals: GlobalOptions, endpoint: string | undefined): Promise<PlanToApply> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), 'utf8');
  } catch (err) {
    throw new VpcformError('IO_READ', { summary: `Cannot read the plan file ${path}`, hint: 'Check the path; make a plan with `vpcform plan -f FILE --out PLAN`.', cause: err });
  }
  const plan = parsePlan(text, path);
  const envProject = io.env['HW_PROJECT_ID'] || io.env['OS_PROJECT_ID'] || undefined;
  const client = connect(
    { cloud: 'otc', region: '', project_id: plan.target.project_id, endpoint: plan.target.endpoint },
    { io, debug: globals.debug, ...(endpoint !== undefined && { endpointOverride: endpoint }) },
  );
  const mismatches: string[] = [];
  if (client.endpoint !== plan.target.endpoint) mismatches.push(`endpoint: the plan is for ${plan.target.endpoint}, the current connection is ${client.endpoint}`);
  if (envProject !== undefined && envProject !== plan.target.project_id) {
    mismatches.push(`project: the plan is for ${plan.target.project_id}, the environment says ${envProject}`);
  }
  if (mismatches.length > 0) {
    throw new VpcformError('PLAN_TARGET_MISMATCH', {
      summary: `${path} was made for another target`,
      detail: mismatches.join('\n'),
      hint: 'Apply the plan against the target it was made for (drop --endpoint / VPCFORM_ENDPOINT / the project variable), or make a new plan for this one.',
    });
  }
  return { plan, client, saved: true };
}

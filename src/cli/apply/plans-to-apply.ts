import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { connect } from '../connect.js';
import type { CliIO, GlobalOptions } from '../io.js';
import type { CloudClient } from '../../cloud/types.js';
import { loadStates } from '../load-states.js';
import { statesToRun } from '../targets.js';
import { VpcformError } from '../../errors/index.js';
import { makePlan } from '../../refresh/make-plan.js';
import { parsePlan } from '../../plan/plan-file.js';
import type { Plan } from '../../plan/types.js';
import { checkSavedPlanTarget, savedPlanTarget } from '../../apply/saved-plan-target.js';

/** One plan and the client that will carry it out. */
export interface PlanToApply {
  plan: Plan;
  client: CloudClient;
  /** Saved plans: re-read each VPC and refuse the ones that changed since. */
  saved: boolean;
}

/**
 * `apply -f FILE|DIR`: the plan stage, once per desired-state file. With `--target` addresses, only
 * the files holding them, each planned for its targets and what they depend on.
 */
export async function planFromFiles(
  files: readonly string[],
  io: CliIO,
  globals: GlobalOptions,
  endpoint: string | undefined,
  targets?: readonly string[],
): Promise<PlanToApply[]> {
  const states = statesToRun(await loadStates(files, io), targets, io);
  const out: PlanToApply[] = [];
  for (const { state, targets: own } of states) {
    const client = connect(state.target, { io, debug: globals.debug, ...(endpoint !== undefined && { endpointOverride: endpoint }) });
    out.push({ plan: await makePlan(client, state, { signal: io.signal, ...(own !== undefined && { targets: own }) }), client, saved: false });
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
  const client = connect(savedPlanTarget(plan), { io, debug: globals.debug, ...(endpoint !== undefined && { endpointOverride: endpoint }) });
  checkSavedPlanTarget(plan, client, io.env, path);
  return { plan, client, saved: true };
}

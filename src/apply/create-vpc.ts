import { isVpcformError } from '../errors/index.js';
import type { CreateVpcBody, LiveVpc, UpdateVpcBody } from '../model/vpc.js';
import { describeMismatch, mismatchedFields } from './compare.js';
import { failure, failureFromError } from './failure.js';
import { putUntilConverged, settledOk, type StepResult } from './put-step.js';
import { markInFlight, retryReporter, type RunContext } from './run-context.js';
import { applyTags, type TagsToApply } from './tags-step.js';
import { endStep, runTask, type Task } from './task.js';
import type { ApplyOutcome, EventSubject, FailureInfo } from './types.js';
import { waitWhileTransitional } from './wait-for-status.js';

export interface CreateToApply extends EventSubject {
  body: CreateVpcBody;
  /** The PUT for what the POST cannot carry (routes, shared SNAT), sent once the VPC is OK. */
  followUp?: UpdateVpcBody;
  /** The tags, set once the VPC is OK (after the follow-up). */
  tags?: TagsToApply;
  /** Addresses that must succeed first (a delete or rename freeing the name or quota). */
  waitsFor: string[];
  /**
   * Saved plans: check first that the name is still free, but for the VPCs (these ids) that the
   * changes in `waitsFor` delete or rename.
   */
  nameCheck?: { freedIds: ReadonlySet<string> };
}

const CREATING: ReadonlySet<string> = new Set(['CREATING']);

/**
 * One VPC to create: (name still free) -> wait for what frees its name -> POST -> wait while CREATING
 * -> follow-up PUT -> verify every declared field. POST is not idempotent: after an answer that leaves
 * the outcome unknown (reset, timeout, 5xx) the name is looked up before anything is sent again, and
 * `VPC.0115` on a later attempt means an earlier one made the VPC. One entry never yields two VPCs.
 */
export async function createVpc(ctx: RunContext, item: CreateToApply): Promise<ApplyOutcome> {
  const { clock, emit } = ctx.options;
  const subject: EventSubject = { address: item.address };
  return runTask(ctx, subject, async (task) => {
    if (item.nameCheck !== undefined) {
      markInFlight(ctx, subject, 'stale_check');
      const taken = await nameTaken(ctx, task, item.body.name, item.nameCheck.freedIds);
      if (ctx.hardStop.aborted) return task.notStarted();
      if (taken !== undefined) return task.fail(taken);
    }
    if (item.waitsFor.length > 0) {
      markInFlight(ctx, subject, 'wait_dependency');
      emit({ type: 'waiting_for', at: clock.now(), ...subject, addresses: item.waitsFor });
      const failed = await ctx.dependencies.firstFailure(item.waitsFor, [ctx.hardStop, ctx.options.signal]);
      if (ctx.stopRequested() || ctx.hardStop.aborted) return task.notStarted();
      if (failed !== undefined) {
        return task.fail(failure('APPLY_DEPENDENCY_FAILED', `Not attempted: ${failed} did not succeed, and this create waits for it`, { hint: `See why ${failed} failed, fix that, then apply again.` }));
      }
    }
    const made = await postOnce(ctx, task, item.body);
    if (made.kind !== 'ok') return endStep(task, made);
    const vpc = made.vpc;
    const settled = settledOk(await waitWhileTransitional(ctx, { ...subject, id: vpc.id }, CREATING, ctx.options.createPollPolicy, clock.now() + ctx.options.timeoutMs, task.counters, 'create'), ctx);
    if (settled.kind !== 'ok') return endStep(task, settled);
    let live = settled.vpc;
    if (item.followUp !== undefined) {
      const step = await putUntilConverged(ctx, task, vpc.id, item.followUp);
      // Interrupted between the POST and the follow-up: the VPC exists, so it is pending, not "not started".
      if (step.kind !== 'ok') return endStep(task, step.kind === 'stopped' ? { kind: 'pending' } : step);
      live = step.vpc;
    }
    if (item.tags !== undefined) {
      // Interrupted: the VPC exists (reported with its id), but no further write starts.
      if (ctx.stopRequested()) return task.pending();
      const tagged = await applyTags(ctx, task, vpc.id, item.tags);
      if (tagged.kind === 'failed') return task.fail(tagged.failure);
      if (tagged.kind === 'pending') return task.pending();
    }
    const expected = { ...item.body, ...item.followUp };
    const mismatches = mismatchedFields(expected, live);
    const eps = item.body.enterprise_project_id;
    if (eps !== undefined && live.enterprise_project_id !== undefined && live.enterprise_project_id !== eps) {
      mismatches.push({ field: 'enterprise_project_id', expected: eps, actual: live.enterprise_project_id });
    }
    if (mismatches.length > 0) {
      return task.fail(
        failure('APPLY_NOT_CONVERGED', `The new VPC is OK but differs from the plan in ${mismatches.map((m) => m.field).join(', ')}`, {
          detail: mismatches.map(describeMismatch).join('\n'),
          hint: 'Run `vpcform plan` to see the difference, then apply again.',
          fields: mismatches.map((m) => m.field),
          lastStatus: live.status,
        }),
      );
    }
    return task.done('created', live);
  });
}

/**
 * POSTs until one VPC of this name exists and is ours, at most `maxPutRounds` POSTs. Each ambiguous
 * failure is followed by a look-up: a VPC of this name (that the plan saw free) is the one an earlier
 * attempt made, adopted if it has the declared cidr. Sets `task.subject.id` as soon as it is known.
 */
async function postOnce(ctx: RunContext, task: Task, body: CreateVpcBody): Promise<StepResult> {
  const { clock, emit } = ctx.options;
  let mayExist = false;
  for (let round = 1; round <= ctx.options.maxPutRounds; round += 1) {
    if (ctx.stopRequested() && round === 1) return { kind: 'stopped' };
    if (mayExist) {
      markInFlight(ctx, task.subject, 'lookup');
      const found = await lookUp(ctx, task, body);
      if (found.kind !== 'absent') return adopted(ctx, task, found, round);
      if (ctx.stopRequested()) return { kind: 'failed', failure: failure('APPLY_NOT_CONVERGED', 'Interrupted after a POST whose outcome is unknown; no VPC of this name was found', { hint: 'Run `vpcform plan` to see whether the VPC exists, then apply again.' }) };
    }
    markInFlight(ctx, task.subject, 'post');
    emit({ type: 'create_sent', at: clock.now(), ...task.subject, round });
    try {
      const vpc = await ctx.client.createVpc(body, { signal: ctx.hardStop, onRetry: retryReporter(ctx, task.subject, 'post', task.counters) });
      task.subject.id = vpc.id;
      task.counters.lastStatus = vpc.status;
      emit({ type: 'create_answered', at: clock.now(), ...task.subject, id: vpc.id, round, status: vpc.status, adopted: false });
      return { kind: 'ok', vpc };
    } catch (err) {
      if (ctx.hardStop.aborted) return { kind: 'pending' };
      const code = isVpcformError(err) ? err.code : undefined;
      if (code === 'CLOUD_AMBIGUOUS') {
        mayExist = true;
        continue;
      }
      if (isVpcformError(err) && err.cloud?.serviceCode === 'VPC.0115' && mayExist) {
        // An earlier attempt of ours made it after all: the next round's look-up finds and adopts it.
        continue;
      }
      return { kind: 'failed', failure: createRefused(err) };
    }
  }
  if (mayExist) {
    const found = await lookUp(ctx, task, body);
    if (found.kind !== 'absent') return adopted(ctx, task, found, ctx.options.maxPutRounds + 1);
  }
  return {
    kind: 'failed',
    failure: failure('APPLY_NOT_CONVERGED', `No VPC named "${body.name}" exists after ${ctx.options.maxPutRounds} POSTs whose outcome was unknown`, {
      hint: 'The API may be failing: run `vpcform plan` later to see whether the VPC exists, then apply again.',
    }),
  };
}

type LookUp = { kind: 'absent' } | { kind: 'mine'; vpc: LiveVpc } | { kind: 'foreign'; vpc: LiveVpc };

/** Every VPC of the project (all pages, all enterprise projects), for the one named `body.name`. */
async function lookUp(ctx: RunContext, task: Task, body: CreateVpcBody): Promise<LookUp> {
  const all = await ctx.client.listVpcs({ signal: ctx.hardStop, onRetry: retryReporter(ctx, task.subject, 'lookup', task.counters) });
  ctx.watcher.sawListing(all.length);
  const vpc = all.find((v) => v.name === body.name);
  if (vpc === undefined) return { kind: 'absent' };
  return vpc.cidr === body.cidr ? { kind: 'mine', vpc } : { kind: 'foreign', vpc };
}

function adopted(ctx: RunContext, task: Task, found: Exclude<LookUp, { kind: 'absent' }>, round: number): StepResult {
  if (found.kind === 'foreign') {
    return {
      kind: 'failed',
      failure: failure('APPLY_NOT_CONVERGED', `A VPC named "${found.vpc.name}" appeared (${found.vpc.id}), but with cidr ${found.vpc.cidr}: it is not the one this apply made`, {
        hint: 'Someone else created a VPC of this name meanwhile. Rename one of them, then plan again.',
      }),
    };
  }
  task.subject.id = found.vpc.id;
  task.counters.lastStatus = found.vpc.status;
  ctx.options.emit({ type: 'create_answered', at: ctx.options.clock.now(), ...task.subject, id: found.vpc.id, round, status: found.vpc.status, adopted: true });
  return { kind: 'ok', vpc: found.vpc };
}

function createRefused(err: unknown): FailureInfo {
  const f = failureFromError(err);
  if (!isVpcformError(err)) return f;
  switch (err.cloud?.serviceCode) {
    case 'VPC.0115':
      return { ...f, hint: 'Another VPC took this name since the plan was made. Run `vpcform plan` again.' };
    case 'VPC.0114':
      return { ...f, hint: 'The project\'s VPC quota is used up: delete VPCs you no longer need, or ask for a higher quota.' };
    default:
      return f;
  }
}

/** Saved plans: the name must still be free, unless a change this create waits for frees it. */
async function nameTaken(ctx: RunContext, task: Task, name: string, freedIds: ReadonlySet<string>): Promise<FailureInfo | undefined> {
  try {
    const holder = (await ctx.projectVpcs(task)).find((v) => v.name === name);
    if (holder === undefined || freedIds.has(holder.id)) return undefined;
    ctx.options.emit({ type: 'stale_check', at: ctx.options.clock.now(), ...task.subject, fresh: false, changed: ['name'] });
    return failure('PLAN_STALE', `The name "${name}" was taken by VPC ${holder.id} since the plan was made`, {
      hint: 'Run `vpcform plan` again to make a fresh plan, review it, then apply that.',
      fields: ['name'],
    });
  } catch (err) {
    return failureFromError(err);
  }
}

import type { LiveVpc, UpdateVpcBody } from '../model/vpc.js';
import { describeMismatch, mismatchedFields } from './compare.js';
import { failure, failureFromError, isBusyError } from './failure.js';
import { markInFlight, retryReporter, type RunContext } from './run-context.js';
import type { Task } from './task.js';
import type { FailureInfo } from './types.js';
import { waitWhileTransitional, type WaitResult } from './wait-for-status.js';
import { timeoutFailure } from './watch-subscription.js';

/** How a step without a VPC to hand on ended (the tag calls). */
export type StepResultNoVpc = { kind: 'ok' } | { kind: 'failed'; failure: FailureInfo } | { kind: 'pending' };

/** How a write-and-wait step ended. `stopped`: interrupted before the first write of the step. */
export type StepResult =
  | { kind: 'ok'; vpc: LiveVpc }
  | { kind: 'failed'; failure: FailureInfo }
  | { kind: 'pending' }
  | { kind: 'stopped' };

const FAILED_STATUSES: ReadonlySet<string> = new Set(['ERROR', 'DOWN']);
const UPDATING: ReadonlySet<string> = new Set(['PENDING_UPDATE']);

/**
 * PUT `body` -> wait while PENDING_UPDATE -> verify the body's fields on the VPC the last poll read.
 * A PUT refused as busy most likely landed earlier (its answer lost): wait, then PUT again only if the
 * VPC does not match, a bounded number of rounds. Used by updates and by a create's follow-up.
 */
export async function putUntilConverged(ctx: RunContext, task: Task, id: string, body: UpdateVpcBody): Promise<StepResult> {
  const { clock, emit } = ctx.options;
  const subject = { ...task.subject, id };
  let deadline: number | undefined;
  for (let round = 1; ; round += 1) {
    if (ctx.stopRequested()) {
      return round === 1 ? { kind: 'stopped' } : { kind: 'failed', failure: failure('APPLY_NOT_CONVERGED', 'Interrupted before the PUT could be repeated', { hint: 'Run `vpcform apply` again.' }) };
    }
    markInFlight(ctx, subject, 'put');
    emit({ type: 'put_sent', at: clock.now(), ...subject, round });
    let busy = false;
    try {
      const answer = await ctx.client.updateVpc(id, body, { signal: ctx.hardStop, onRetry: retryReporter(ctx, subject, 'put', task.counters) });
      task.counters.lastStatus = answer.status;
    } catch (err) {
      if (ctx.hardStop.aborted) return { kind: 'pending' };
      if (!isBusyError(err)) return { kind: 'failed', failure: failureFromError(err) };
      busy = true;
    }
    emit({ type: 'put_answered', at: clock.now(), ...subject, round, status: task.counters.lastStatus ?? 'unknown', busy });
    deadline ??= clock.now() + ctx.options.timeoutMs;
    markInFlight(ctx, subject, 'poll', task.counters.lastStatus);
    const settled = settledOk(await waitWhileTransitional(ctx, subject, UPDATING, ctx.options.pollPolicy, deadline, task.counters, 'update'), ctx);
    if (settled.kind !== 'ok') return settled;
    const { vpc } = settled;
    const mismatches = mismatchedFields(body, vpc);
    if (mismatches.length === 0) return { kind: 'ok', vpc };
    // Busy and now OK but not ours: someone else's update finished first. PUT again, a bounded number of times.
    if (busy && round < ctx.options.maxPutRounds && clock.now() < deadline) continue;
    return {
      kind: 'failed',
      failure: failure('APPLY_NOT_CONVERGED', `The VPC is OK but differs from the plan in ${mismatches.map((m) => m.field).join(', ')}`, {
        detail: mismatches.map(describeMismatch).join('\n'),
        hint: 'Another actor may be changing this VPC. Run `vpcform plan` to see the difference, then apply again.',
        fields: mismatches.map((m) => m.field),
        lastStatus: vpc.status,
      }),
    };
  }
}

/** A finished wait as a step result: settled and OK, or why not. */
export function settledOk(waited: WaitResult, ctx: RunContext): StepResult {
  switch (waited.kind) {
    case 'stopped':
      return { kind: 'pending' };
    case 'error':
      return { kind: 'failed', failure: waited.failure };
    case 'timeout':
      return { kind: 'failed', failure: timeoutFailure(waited, ctx.options.timeoutMs) };
    case 'settled': {
      const { vpc } = waited;
      if (vpc.status === 'OK') return { kind: 'ok', vpc };
      const known = FAILED_STATUSES.has(vpc.status);
      return {
        kind: 'failed',
        failure: failure('APPLY_VPC_STATUS', known ? `The VPC went to status ${vpc.status}` : `The VPC reported the unexpected status ${JSON.stringify(vpc.status)}`, {
          hint: 'Look at the VPC in the console; once it is OK again, run `vpcform apply` again.',
          lastStatus: vpc.status,
        }),
      };
    }
    default: {
      const never: never = waited;
      throw new Error(`unhandled wait result ${JSON.stringify(never)}`);
    }
  }
}

import type { UpdateVpcBody } from '../model/vpc.js';
import { describeMismatch, mismatchedFields } from './compare.js';
import { failure, failureFromError, formatDuration, isBusyError } from './failure.js';
import { markInFlight, retryReporter, type RunContext, type VpcCounters } from './run-context.js';
import { checkStale } from './stale-check.js';
import type { ApplyOutcome, EventSubject, FailureInfo } from './types.js';
import { waitWhilePending } from './wait-for-status.js';

export interface UpdateToApply extends EventSubject {
  id: string;
  body: UpdateVpcBody;
  /** Saved plans: the fingerprint and plan-time values to check before the PUT. */
  stale?: { fingerprint: string | undefined; planTimeValues: UpdateVpcBody };
}

const FAILED_STATUSES: ReadonlySet<string> = new Set(['ERROR', 'DOWN']);

/**
 * One VPC: (stale check) -> PUT -> wait while PENDING_UPDATE -> verify. Never throws: every path ends
 * in an outcome, and the matching final event has been emitted.
 */
export async function convergeVpc(ctx: RunContext, update: UpdateToApply): Promise<ApplyOutcome> {
  const { clock, emit } = ctx.options;
  const subject: EventSubject & { id: string } = { address: update.address, id: update.id };
  const counters: VpcCounters = { polls: 0, retries: 0 };
  if (ctx.stopRequested()) {
    emit({ type: 'change_skipped', at: clock.now(), ...subject, reason: 'interrupted' });
    return { ...subject, result: 'not_started' };
  }
  const startedAt = clock.now();
  emit({ type: 'change_start', at: startedAt, ...subject });

  const fail = (f: FailureInfo): ApplyOutcome => {
    const withStatus = counters.lastStatus !== undefined && f.lastStatus === undefined ? { ...f, lastStatus: counters.lastStatus } : f;
    emit({ type: 'change_failed', at: clock.now(), ...subject, ...withStatus });
    return { ...subject, result: 'failed', failure: withStatus, ...tally(counters, clock.now() - startedAt) };
  };
  const notStarted = (): ApplyOutcome => {
    emit({ type: 'change_skipped', at: clock.now(), ...subject, reason: 'interrupted' });
    return { ...subject, result: 'not_started' };
  };
  const pending = (): ApplyOutcome => {
    emit({ type: 'change_pending', at: clock.now(), ...subject, lastStatus: counters.lastStatus });
    return { ...subject, result: 'pending', ...tally(counters, clock.now() - startedAt) };
  };

  try {
    if (update.stale !== undefined) {
      markInFlight(ctx, subject, 'stale_check');
      const stale = await checkStale(ctx, subject, update.stale, counters);
      // The grace ran out during the re-read: its failure is the cut-off call, and no PUT was sent.
      if (ctx.hardStop.aborted) return notStarted();
      if (stale !== undefined) return fail(stale);
    }
    let deadline: number | undefined;
    for (let round = 1; ; round += 1) {
      if (ctx.stopRequested()) return round === 1 ? notStarted() : fail(failure('APPLY_NOT_CONVERGED', 'Interrupted before the PUT could be repeated', { hint: 'Run `vpcform apply` again.' }));
      markInFlight(ctx, subject, 'put');
      emit({ type: 'put_sent', at: clock.now(), ...subject, round });
      let busy = false;
      try {
        const answer = await ctx.client.updateVpc(update.id, update.body, { signal: ctx.hardStop, onRetry: retryReporter(ctx, subject, 'put', counters) });
        counters.lastStatus = answer.status;
      } catch (err) {
        if (ctx.hardStop.aborted) return pending();
        if (!isBusyError(err)) return fail(failureFromError(err));
        // Busy: most likely an earlier attempt of this very PUT landed and the answer was lost.
        busy = true;
      }
      emit({ type: 'put_answered', at: clock.now(), ...subject, round, status: counters.lastStatus ?? 'unknown', busy });
      deadline ??= clock.now() + ctx.options.timeoutMs;
      markInFlight(ctx, subject, 'poll', counters.lastStatus);
      const waited = await waitWhilePending(ctx, subject, deadline, counters);
      switch (waited.kind) {
        case 'stopped':
          return pending();
        case 'error':
          return fail(waited.failure);
        case 'timeout':
          return fail(
            failure('APPLY_TIMEOUT', `Still ${waited.lastStatus ?? 'unknown'} after ${formatDuration(ctx.options.timeoutMs)}`, {
              hint: 'The VPC may still be updating: run `vpcform plan` later to see whether it converged, or raise --timeout.',
              ...(waited.lastStatus !== undefined && { lastStatus: waited.lastStatus }),
            }),
          );
        case 'settled':
          break;
        default: {
          const never: never = waited;
          throw new Error(`unhandled wait result ${JSON.stringify(never)}`);
        }
      }
      const { vpc } = waited;
      if (vpc.status !== 'OK') {
        const known = FAILED_STATUSES.has(vpc.status);
        return fail(
          failure('APPLY_VPC_STATUS', known ? `The VPC went to status ${vpc.status}` : `The VPC reported the unexpected status ${JSON.stringify(vpc.status)}`, {
            hint: 'Look at the VPC in the console; once it is OK again, run `vpcform apply` again.',
            lastStatus: vpc.status,
          }),
        );
      }
      const mismatches = mismatchedFields(update.body, vpc);
      if (mismatches.length === 0) {
        const at = clock.now();
        emit({ type: 'change_done', at, ...subject, elapsedMs: at - startedAt, polls: counters.polls, retries: counters.retries });
        return { ...subject, result: 'updated', lastStatus: vpc.status, ...tally(counters, at - startedAt) };
      }
      // Busy and now OK but not ours: someone else's update finished first. PUT again, a bounded number of times.
      if (busy && round < ctx.options.maxPutRounds && clock.now() < deadline) continue;
      return fail(
        failure('APPLY_NOT_CONVERGED', `The VPC is OK but differs from the plan in ${mismatches.map((m) => m.field).join(', ')}`, {
          detail: mismatches.map(describeMismatch).join('\n'),
          hint: 'Another actor may be changing this VPC. Run `vpcform plan` to see the difference, then apply again.',
          fields: mismatches.map((m) => m.field),
          lastStatus: vpc.status,
        }),
      );
    }
  } catch (err) {
    return fail(failureFromError(err));
  } finally {
    ctx.inFlight.delete(update.address);
  }
}

function tally(counters: VpcCounters, elapsedMs: number): Pick<ApplyOutcome, 'elapsedMs' | 'polls' | 'retries' | 'lastStatus'> {
  return { elapsedMs, polls: counters.polls, retries: counters.retries, ...(counters.lastStatus !== undefined && { lastStatus: counters.lastStatus }) };
}

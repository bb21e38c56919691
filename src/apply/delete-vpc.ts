import { isVpcformError } from '../errors/index.js';
import { failure, failureFromError, formatDuration } from './failure.js';
import { settledOk } from './put-step.js';
import { markInFlight, retryReporter, type RunContext } from './run-context.js';
import { checkStale } from './stale-check.js';
import { runTask, type Task } from './task.js';
import type { ApplyOutcome, EventSubject } from './types.js';
import { waitUntilGone } from './wait-for-status.js';

export interface DeleteToApply extends EventSubject {
  id: string;
  /** Saved plans: the fingerprint the plan recorded; a VPC changed since is not deleted. */
  stale?: { fingerprint: string | undefined };
}

/**
 * One VPC to delete: (stale check) -> DELETE -> wait until GET answers 404. "Busy" and "not stable"
 * (409 VPC.0103/VPC.0110) are waited out within --timeout, on the poll schedule; "in use" (subnets,
 * EIPs, VPNs... : 409 VPC.0104/0107/0108/0109/0112/0118/0120) fails at once, naming the blocker. A VPC
 * already gone is no failure: the file asks for it to be absent, and it is.
 */
export async function deleteVpc(ctx: RunContext, item: DeleteToApply): Promise<ApplyOutcome> {
  const subject: EventSubject & { id: string } = { address: item.address, id: item.id };
  return runTask(ctx, subject, async (task) => {
    if (item.stale !== undefined) {
      markInFlight(ctx, subject, 'stale_check');
      const stale = await checkStale(ctx, subject, { fingerprint: item.stale.fingerprint, planTimeValues: {} }, task.counters, true);
      if (ctx.hardStop.aborted) return task.notStarted();
      if (stale === 'gone') return task.skipped('already-absent');
      if (stale !== undefined) return task.fail(stale);
    }
    return deleteAndWait(ctx, task, subject);
  });
}

/** After a busy refusal: is the VPC being deleted (or gone) already? A failed read says neither. */
async function isGoing(ctx: RunContext, task: Task, subject: EventSubject & { id: string }): Promise<'gone' | 'going' | 'no'> {
  try {
    const vpc = await ctx.client.getVpc(subject.id, { signal: ctx.hardStop, onRetry: retryReporter(ctx, subject, 'delete', task.counters) });
    task.counters.lastStatus = vpc.status;
    return vpc.status === 'PENDING_DELETE' ? 'going' : 'no';
  } catch (err) {
    return isVpcformError(err) && err.code === 'CLOUD_NOT_FOUND' ? 'gone' : 'no';
  }
}

async function deleteAndWait(ctx: RunContext, task: Task, subject: EventSubject & { id: string }): Promise<ApplyOutcome> {
  const { clock, emit, sleep } = ctx.options;
  const deadline = clock.now() + ctx.options.timeoutMs;
  const schedule = ctx.options.deletePollPolicy.start();
  const startedAt = clock.now();
  for (let round = 1; ; round += 1) {
    if (ctx.stopRequested() && round === 1) return task.notStarted();
    markInFlight(ctx, subject, 'delete');
    emit({ type: 'delete_sent', at: clock.now(), ...subject, round });
    try {
      await ctx.client.deleteVpc(subject.id, { signal: ctx.hardStop, onRetry: retryReporter(ctx, subject, 'delete', task.counters) });
      emit({ type: 'delete_answered', at: clock.now(), ...subject, round, outcome: 'accepted' });
      break;
    } catch (err) {
      // Cut off by the end of the grace: the DELETE may have landed.
      if (ctx.hardStop.aborted) return task.pending();
      if (isVpcformError(err) && err.code === 'CLOUD_NOT_FOUND') {
        emit({ type: 'delete_answered', at: clock.now(), ...subject, round, outcome: 'gone' });
        // Gone before our first DELETE landed: someone else removed it; after one of ours, it is our delete.
        return round === 1 ? task.skipped('already-absent') : task.done('deleted');
      }
      if (!(isVpcformError(err) && err.code === 'CLOUD_BUSY')) return task.fail(failureFromError(err));
      emit({ type: 'delete_answered', at: clock.now(), ...subject, round, outcome: 'busy' });
      // "Not stable" may be our own DELETE at work: an earlier attempt landed and its answer was lost
      // (the client retried it), and the VPC is now PENDING_DELETE. Then there is nothing to re-send.
      const going = await isGoing(ctx, task, subject);
      if (going === 'gone') return task.done('deleted');
      if (going === 'going') break;
      // Refused as busy and not being deleted: nothing was deleted, so an interrupt leaves the VPC as it was.
      if (ctx.stopRequested()) return task.notStarted();
      if (clock.now() >= deadline) {
        const busy = failureFromError(err);
        return task.fail(
          failure('APPLY_TIMEOUT', `The API still refused the DELETE as busy after ${formatDuration(ctx.options.timeoutMs)}: ${busy.message}`, {
            hint: 'The VPC is being changed by something else; run `vpcform plan` later, or raise --timeout.',
            ...(busy.requestId !== undefined && { requestId: busy.requestId }),
          }),
        );
      }
      await sleep(Math.min(schedule.nextDelayMs(clock.now() - startedAt), Math.max(0, deadline - clock.now())), ctx.hardStop);
      if (ctx.hardStop.aborted) return task.pending();
    }
  }
  markInFlight(ctx, subject, 'poll', task.counters.lastStatus);
  const gone = await waitUntilGone(ctx, subject, deadline, task.counters);
  if (gone.kind === 'gone') return task.done('deleted');
  // Settled in a failed status, timed out, or the read failed.
  const step = settledOk(gone, ctx);
  if (step.kind === 'failed') return task.fail(step.failure);
  return task.pending();
}

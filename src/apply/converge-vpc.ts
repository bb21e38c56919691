import type { UpdateVpcBody } from '../model/vpc.js';
import { failureFromError } from './failure.js';
import { putUntilConverged } from './put-step.js';
import { markInFlight, type RunContext } from './run-context.js';
import { checkStale } from './stale-check.js';
import { startTask } from './task.js';
import type { ApplyOutcome, EventSubject } from './types.js';

export interface UpdateToApply extends EventSubject {
  id: string;
  body: UpdateVpcBody;
  /** Saved plans: the fingerprint and plan-time values to check before the PUT. */
  stale?: { fingerprint: string | undefined; planTimeValues: UpdateVpcBody };
}

/**
 * One VPC to update: (stale check) -> PUT -> wait while PENDING_UPDATE -> verify. Never throws: every
 * path ends in an outcome, and the matching final event has been emitted.
 */
export async function convergeVpc(ctx: RunContext, update: UpdateToApply): Promise<ApplyOutcome> {
  const { clock, emit } = ctx.options;
  const subject: EventSubject & { id: string } = { address: update.address, id: update.id };
  if (ctx.stopRequested()) {
    emit({ type: 'change_skipped', at: clock.now(), ...subject, reason: 'interrupted' });
    return { ...subject, result: 'not_started' };
  }
  emit({ type: 'change_start', at: clock.now(), ...subject });
  const task = startTask(ctx, subject);
  try {
    if (update.stale !== undefined) {
      markInFlight(ctx, subject, 'stale_check');
      const stale = await checkStale(ctx, subject, update.stale, task.counters);
      // The grace ran out during the re-read: its failure is the cut-off call, and no PUT was sent.
      if (ctx.hardStop.aborted) return task.notStarted();
      if (stale === 'gone') throw new Error('checkStale answered gone without goneIsFine');
      if (stale !== undefined) return task.fail(stale);
    }
    const step = await putUntilConverged(ctx, task, update.id, update.body);
    switch (step.kind) {
      case 'ok':
        return task.done('updated', step.vpc);
      case 'failed':
        return task.fail(step.failure);
      case 'pending':
        return task.pending();
      case 'stopped':
        return task.notStarted();
      default: {
        const never: never = step;
        throw new Error(`unhandled step ${JSON.stringify(never)}`);
      }
    }
  } catch (err) {
    return task.fail(failureFromError(err));
  } finally {
    ctx.inFlight.delete(update.address);
  }
}

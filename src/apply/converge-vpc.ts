import type { ManagedValues } from '../model/fields.js';
import type { LiveVpc, UpdateVpcBody } from '../model/vpc.js';
import { putUntilConverged } from './put-step.js';
import { markInFlight, type RunContext } from './run-context.js';
import { checkStale } from './stale-check.js';
import { applyTags, type TagsToApply } from './tags-step.js';
import { endStep, runTask } from './task.js';
import type { ApplyOutcome, EventSubject } from './types.js';

export interface UpdateToApply extends EventSubject {
  id: string;
  /** The PUT body; absent for a tag-only change (no PUT, no PENDING_UPDATE to wait for). */
  body?: UpdateVpcBody;
  tags?: TagsToApply;
  /** Saved plans: the fingerprint (and whether it covers tags) and plan-time values to check first. */
  stale?: { fingerprint: string | undefined; planTimeValues: Partial<ManagedValues>; withTags: boolean };
}

/**
 * One VPC to update: (stale check) -> PUT -> wait while PENDING_UPDATE -> verify -> tag calls -> read
 * the tags back. Never throws: every path ends in an outcome, and the matching final event has been
 * emitted.
 */
export async function convergeVpc(ctx: RunContext, update: UpdateToApply): Promise<ApplyOutcome> {
  const subject: EventSubject & { id: string } = { address: update.address, id: update.id };
  return runTask(ctx, subject, async (task) => {
    if (update.stale !== undefined) {
      markInFlight(ctx, subject, 'stale_check');
      const stale = await checkStale(ctx, subject, update.stale, task.counters);
      // The grace ran out during the re-read: its failure is the cut-off call, and nothing was sent.
      if (ctx.hardStop.aborted) return task.notStarted();
      if (stale !== undefined && stale !== 'gone') return task.fail(stale);
    }
    let vpc: LiveVpc | undefined;
    if (update.body !== undefined) {
      const step = await putUntilConverged(ctx, task, update.id, update.body);
      if (step.kind !== 'ok') return endStep(task, step);
      vpc = step.vpc;
    }
    if (update.tags !== undefined) {
      // Interrupted: no new write starts (after a PUT, the VPC is reported pending with its tags unsent).
      if (ctx.stopRequested()) return vpc === undefined ? task.notStarted() : task.pending();
      const tagged = await applyTags(ctx, task, update.id, update.tags);
      if (tagged.kind === 'failed') return task.fail(tagged.failure);
      if (tagged.kind === 'pending') return task.pending();
    }
    return task.done('updated', vpc);
  });
}

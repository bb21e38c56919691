import type { LiveVpc } from '../model/vpc.js';
import type { PollPolicy } from './poll-policy.js';
import type { RunContext, VpcCounters } from './run-context.js';
import type { EventSubject } from './types.js';
import type { WaitResult } from './watch-subscription.js';

export type { WaitResult } from './watch-subscription.js';

/**
 * Waits, through the run's status watcher, until the VPC's status leaves the `transitional` ones
 * (PENDING_UPDATE after a PUT, CREATING after a POST), on the policy's schedule, until `deadline`
 * (clock time). The read that sees the new status — a GET or the VPC's entry in a listing — also
 * returns the VPC as it now is: that read is the verification read, so no extra GET follows it. A read
 * that fails is retried while time is left: the status is unknown, not failed.
 */
export function waitWhileTransitional(
  ctx: RunContext,
  subject: EventSubject & { id: string },
  transitional: ReadonlySet<string>,
  policy: PollPolicy,
  deadline: number,
  counters: VpcCounters,
  kind: 'update' | 'create',
): Promise<WaitResult> {
  return ctx.watcher.watch({ subject, kind, policy, deadline, counters, done: (vpc) => (vpc !== undefined && transitional.has(vpc.status) ? undefined : vpc) });
}

export type GoneResult = { kind: 'gone' } | WaitResult;

/** Statuses a VPC being deleted may end in instead of going: the delete failed. */
const DELETE_FAILED: ReadonlySet<string> = new Set(['ERROR', 'DOWN']);

/**
 * Waits until GET answers 404: a deleted VPC may still be listed, `PENDING_DELETE` or even `OK`, for
 * a while (lifecycle-tags §2, §5 item 4: the providers tolerate both). A VPC that turns `ERROR` ends
 * the wait at once (`settled` with that VPC): it is not going away. A VPC missing from a listing is
 * not taken as gone until a GET says 404.
 */
export async function waitUntilGone(ctx: RunContext, subject: EventSubject & { id: string }, deadline: number, counters: VpcCounters): Promise<GoneResult> {
  const result = await ctx.watcher.watch({
    subject,
    kind: 'delete',
    policy: ctx.options.deletePollPolicy,
    deadline,
    counters,
    done: (vpc) => (vpc === undefined ? GONE : DELETE_FAILED.has(vpc.status) ? vpc : undefined),
  });
  return result.kind === 'settled' && result.vpc === GONE ? { kind: 'gone' } : result;
}

const GONE = { id: '', name: '', cidr: '', status: 'DELETED', routes: null } satisfies LiveVpc;

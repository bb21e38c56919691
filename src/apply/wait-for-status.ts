import { isVpcformError } from '../errors/index.js';
import type { LiveVpc } from '../model/vpc.js';
import { failureFromError, isRetryableError } from './failure.js';
import type { PollPolicy } from './poll-policy.js';
import { markInFlight, retryReporter, type RunContext, type VpcCounters } from './run-context.js';
import type { EventSubject, FailureInfo } from './types.js';

export type WaitResult =
  | { kind: 'settled'; vpc: LiveVpc }
  | { kind: 'timeout'; lastStatus: string | undefined }
  | { kind: 'stopped'; lastStatus: string | undefined }
  | { kind: 'error'; failure: FailureInfo };

/**
 * Polls GET until the VPC's status leaves the `transitional` ones (PENDING_UPDATE after a PUT,
 * CREATING after a POST), on the policy's schedule, until `deadline` (clock time). The poll that sees
 * the new status also returns the VPC as it now is: that read is the verification read, so no extra
 * GET follows it. A GET that still fails after the client's own retries is retried here while it is
 * transient and time is left: the status is unknown, not failed.
 */
export async function waitWhileTransitional(
  ctx: RunContext,
  subject: EventSubject & { id: string },
  transitional: ReadonlySet<string>,
  policy: PollPolicy,
  deadline: number,
  counters: VpcCounters,
): Promise<WaitResult> {
  return pollUntil(ctx, subject, policy, deadline, counters, (vpc) => (vpc !== undefined && transitional.has(vpc.status) ? undefined : vpc));
}

export type GoneResult = { kind: 'gone' } | WaitResult;

/** Statuses a VPC being deleted may end in instead of going: the delete failed. */
const DELETE_FAILED: ReadonlySet<string> = new Set(['ERROR', 'DOWN']);

/**
 * Polls GET until it answers 404: a deleted VPC may still be listed, `PENDING_DELETE` or even `OK`, for
 * a while (lifecycle-tags §2, §5 item 4: the providers tolerate both). A VPC that turns `ERROR` ends
 * the wait at once (`settled` with that VPC): it is not going away.
 */
export async function waitUntilGone(ctx: RunContext, subject: EventSubject & { id: string }, deadline: number, counters: VpcCounters): Promise<GoneResult> {
  const result = await pollUntil(ctx, subject, ctx.options.deletePollPolicy, deadline, counters, (vpc) =>
    vpc === undefined ? GONE : DELETE_FAILED.has(vpc.status) ? vpc : undefined,
  );
  return result.kind === 'settled' && result.vpc === GONE ? { kind: 'gone' } : result;
}

const GONE = { id: '', name: '', cidr: '', status: 'DELETED', routes: null } satisfies LiveVpc;

/**
 * The poll loop: `done` gets each read (undefined for a 404) and returns the VPC that ends the wait,
 * or undefined to go on polling.
 */
async function pollUntil(
  ctx: RunContext,
  subject: EventSubject & { id: string },
  policy: PollPolicy,
  deadline: number,
  counters: VpcCounters,
  done: (vpc: LiveVpc | undefined) => LiveVpc | undefined,
): Promise<WaitResult> {
  const { client, options, hardStop } = ctx;
  const { clock, sleep, emit } = options;
  const schedule = policy.start();
  const startedAt = clock.now();
  let lastPendingMs = 0;
  let attempt = 0;
  for (;;) {
    const untilDeadline = deadline - clock.now();
    const delay = Math.min(schedule.nextDelayMs(clock.now() - startedAt), Math.max(0, untilDeadline));
    await sleep(delay, hardStop);
    if (hardStop.aborted) return { kind: 'stopped', lastStatus: counters.lastStatus };
    const sentElapsed = clock.now() - startedAt;
    attempt += 1;
    let vpc: LiveVpc | undefined;
    let notFound: unknown;
    try {
      vpc = await client.getVpc(subject.id, { signal: hardStop, onRetry: retryReporter(ctx, subject, 'poll', counters) });
    } catch (err) {
      if (hardStop.aborted) return { kind: 'stopped', lastStatus: counters.lastStatus };
      if (isVpcformError(err) && err.code === 'CLOUD_NOT_FOUND') {
        notFound = err;
      } else if (isRetryableError(err) && clock.now() < deadline) {
        counters.retries += 1;
        const f = failureFromError(err);
        emit({ type: 'retry_scheduled', at: clock.now(), ...subject, phase: 'poll', reason: f.message, delayMs: 0, attempt });
        continue;
      } else {
        return { kind: 'error', failure: failureFromError(err) };
      }
    }
    const status = vpc?.status ?? 'DELETED';
    counters.polls += 1;
    counters.lastStatus = status;
    markInFlight(ctx, subject, 'poll', status);
    emit({ type: 'poll', at: clock.now(), ...subject, status, attempt, elapsedMs: clock.now() - startedAt });
    const ended = done(vpc);
    if (ended !== undefined) {
      schedule.finish({ lastPendingMs, settledMs: sentElapsed });
      return { kind: 'settled', vpc: ended };
    }
    // Waiting for a status, the VPC vanished: that is an answer, not something to wait out.
    if (vpc === undefined) return { kind: 'error', failure: failureFromError(notFound) };
    lastPendingMs = sentElapsed;
    if (clock.now() >= deadline) return { kind: 'timeout', lastStatus: status };
  }
}

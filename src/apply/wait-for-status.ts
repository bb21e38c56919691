import type { LiveVpc } from '../model/vpc.js';
import { failureFromError, isRetryableError } from './failure.js';
import { markInFlight, retryReporter, type RunContext, type VpcCounters } from './run-context.js';
import type { EventSubject, FailureInfo } from './types.js';

export const PENDING_STATUS = 'PENDING_UPDATE';

export type WaitResult =
  | { kind: 'settled'; vpc: LiveVpc }
  | { kind: 'timeout'; lastStatus: string | undefined }
  | { kind: 'stopped'; lastStatus: string | undefined }
  | { kind: 'error'; failure: FailureInfo };

/**
 * Polls GET until the VPC's status leaves PENDING_UPDATE, on the policy's schedule, until `deadline`
 * (clock time). The poll that sees the new status also returns the VPC as it now is: that read is the
 * verification read, so no extra GET follows it. A GET that still fails after the client's own
 * retries is retried here while it is transient and time is left: the status is unknown, not failed.
 */
export async function waitWhilePending(ctx: RunContext, subject: EventSubject & { id: string }, deadline: number, counters: VpcCounters): Promise<WaitResult> {
  const { client, options, hardStop } = ctx;
  const { clock, sleep, emit } = options;
  const schedule = options.pollPolicy.start();
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
    let vpc: LiveVpc;
    try {
      vpc = await client.getVpc(subject.id, { signal: hardStop, onRetry: retryReporter(ctx, subject, 'poll', counters) });
    } catch (err) {
      if (hardStop.aborted) return { kind: 'stopped', lastStatus: counters.lastStatus };
      if (isRetryableError(err) && clock.now() < deadline) {
        counters.retries += 1;
        const f = failureFromError(err);
        emit({ type: 'retry_scheduled', at: clock.now(), ...subject, phase: 'poll', reason: f.message, delayMs: 0, attempt });
        continue;
      }
      return { kind: 'error', failure: failureFromError(err) };
    }
    counters.polls += 1;
    counters.lastStatus = vpc.status;
    markInFlight(ctx, subject, 'poll', vpc.status);
    emit({ type: 'poll', at: clock.now(), ...subject, status: vpc.status, attempt, elapsedMs: clock.now() - startedAt });
    if (vpc.status !== PENDING_STATUS) {
      schedule.finish({ lastPendingMs, settledMs: sentElapsed });
      return { kind: 'settled', vpc };
    }
    lastPendingMs = sentElapsed;
    if (clock.now() >= deadline) return { kind: 'timeout', lastStatus: vpc.status };
  }
}

import type { RetryInfo } from '../cloud/types.js';
import type { LiveVpc } from '../model/vpc.js';
import { failure, failureFromError, formatDuration } from './failure.js';
import type { PollPolicy, PollSchedule } from './poll-policy.js';
import { markInFlight, retryReporter, type SharedContext, type VpcCounters } from './run-context.js';
import type { EventSubject, FailureInfo } from './types.js';

export type WaitResult =
  | { kind: 'settled'; vpc: LiveVpc }
  | { kind: 'timeout'; lastStatus: string | undefined; failure?: FailureInfo }
  | { kind: 'stopped'; lastStatus: string | undefined }
  | { kind: 'error'; failure: FailureInfo };

/** What a flow asks the watcher to follow. */
export interface WatchRequest {
  subject: EventSubject & { id: string };
  /** A delete missing from a listing is read at once (the contract is "GET answers 404"). */
  kind: 'update' | 'create' | 'delete';
  policy: PollPolicy;
  /** Clock time after which a read that still sees the VPC in transition ends the wait as a timeout. */
  deadline: number;
  counters: VpcCounters;
  /** Gets each read (undefined: GET answered 404) and returns the VPC that ends the wait, or undefined to go on. */
  done(vpc: LiveVpc | undefined): LiveVpc | undefined;
}

/**
 * One VPC the watcher follows: its own poll schedule (when its next read is due), its counters and
 * events. Reads come from the watcher — a GET of this VPC, or its entry in a listing. A read made
 * because the VPC was due is a `poll` (it advances the schedule); a listing that shows a VPC not yet due
 * wakes it only when its status moved.
 */
export class Subscription {
  readonly startedAt: number;
  /**
   * Its first read: no listing sent before it may judge the VPC, so that a listing answered from a
   * lagging replica, from before the write, can never end a wait that polling alone would not have.
   */
  readonly firstDueAt: number;
  dueAt: number;
  /** A GET of this VPC is in flight: no other read is started for it. */
  reading = false;
  /** Whether the last listing showed it (a delete that vanishes from a listing is confirmed by GET). */
  listed = true;
  ended = false;
  private attempt = 0;
  private lastPendingMs = 0;
  private readonly schedule: PollSchedule;
  readonly onRetry: (info: RetryInfo) => void;

  constructor(
    readonly request: WatchRequest,
    private readonly ctx: SharedContext,
    private readonly settle: (result: WaitResult) => void,
  ) {
    this.schedule = request.policy.start();
    this.startedAt = ctx.options.clock.now();
    this.dueAt = this.nextDueAt();
    this.firstDueAt = this.dueAt;
    this.onRetry = retryReporter(ctx, request.subject, 'poll', request.counters);
  }

  /**
   * A read of this VPC, sent at `sentAt`: the VPC, or undefined with the 404 (`notFound`). `asPoll`:
   * it was due, so it counts as its poll and sets the next due time.
   */
  observe(vpc: LiveVpc | undefined, notFound: unknown, sentAt: number, asPoll: boolean): void {
    if (this.ended) return;
    const { clock, emit } = this.ctx.options;
    const { subject, counters } = this.request;
    const status = vpc?.status ?? 'DELETED';
    const sentElapsed = sentAt - this.startedAt;
    const ended = this.request.done(vpc);
    if (asPoll || ended !== undefined || status !== counters.lastStatus) {
      this.attempt += 1;
      counters.polls += 1;
      counters.lastStatus = status;
      markInFlight(this.ctx, subject, 'poll', status);
      emit({ type: 'poll', at: clock.now(), ...subject, status, attempt: this.attempt, elapsedMs: clock.now() - this.startedAt });
    }
    if (ended !== undefined) {
      this.schedule.finish({ lastPendingMs: this.lastPendingMs, settledMs: sentElapsed });
      return this.end({ kind: 'settled', vpc: ended });
    }
    // Waiting for a status, the VPC vanished: that is an answer, not something to wait out.
    if (vpc === undefined) return this.end({ kind: 'error', failure: failureFromError(notFound) });
    this.lastPendingMs = Math.max(this.lastPendingMs, sentElapsed);
    if (!asPoll) return;
    if (clock.now() >= this.request.deadline) return this.end({ kind: 'timeout', lastStatus: status });
    this.dueAt = this.nextDueAt();
  }

  /**
   * The read meant for this VPC failed after the client's own retries (a failed listing, or a GET).
   * The status is unknown, not failed: it is read again on its schedule — until the deadline, when the
   * wait ends as a timeout with the last status seen and this failure as its detail.
   */
  readFailed(err: unknown, retryInMs: number): void {
    if (this.ended) return;
    const { clock, emit } = this.ctx.options;
    const { subject, counters } = this.request;
    const f = failureFromError(err);
    if (clock.now() >= this.request.deadline) return this.end({ kind: 'timeout', lastStatus: counters.lastStatus, failure: f });
    counters.retries += 1;
    this.dueAt = this.nextDueAt();
    const delayMs = Math.round(Math.max(retryInMs, this.dueAt - clock.now(), 0));
    emit({ type: 'retry_scheduled', at: clock.now(), ...subject, phase: 'poll', reason: f.message, delayMs, attempt: this.attempt + 1 });
  }

  /** A read failed in a way waiting cannot mend (permission, a broken answer): the wait ends with it. */
  fail(err: unknown): void {
    this.end({ kind: 'error', failure: failureFromError(err) });
  }

  stop(): void {
    this.end({ kind: 'stopped', lastStatus: this.request.counters.lastStatus });
  }

  private nextDueAt(): number {
    const now = this.ctx.options.clock.now();
    const untilDeadline = Math.max(0, this.request.deadline - now);
    return now + Math.min(this.schedule.nextDelayMs(now - this.startedAt), untilDeadline);
  }

  private end(result: WaitResult): void {
    if (this.ended) return;
    this.ended = true;
    this.settle(result);
  }
}

/** A timeout as the failure the flows report: the last status, and why the reads failed if they did. */
export function timeoutFailure(waited: Extract<WaitResult, { kind: 'timeout' }>, timeoutMs: number): FailureInfo {
  return failure('APPLY_TIMEOUT', `Still ${waited.lastStatus ?? 'unknown'} after ${formatDuration(timeoutMs)}`, {
    hint: 'The VPC may still be changing: run `vpcform plan` later to see whether it converged, or raise --timeout.',
    ...(waited.lastStatus !== undefined && { lastStatus: waited.lastStatus }),
    ...(waited.failure !== undefined && { detail: `The last read of its status failed: ${waited.failure.message}` }),
  });
}

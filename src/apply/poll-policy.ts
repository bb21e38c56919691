/**
 * When to poll a VPC after its PUT was answered (STYLE §9: an explicit, injected value, tested with
 * fake time). A policy hands out one stateful schedule per wait and may learn from finished waits.
 */
export interface PollSchedule {
  /** Milliseconds to wait before the next poll, given the time since the PUT was answered. */
  nextDelayMs(elapsedMs: number): number;
  /** The wait ended: the VPC left PENDING_UPDATE (not called on timeouts or interruptions). */
  finish(sample: SettleSample): void;
}

/** What one finished wait saw: the last poll still PENDING_UPDATE (0 if none) and the first that was not. */
export interface SettleSample {
  lastPendingMs: number;
  settledMs: number;
}

export interface PollPolicy {
  readonly name: string;
  /** A fresh schedule for one wait (one VPC, after one PUT). */
  start(): PollSchedule;
}

export interface AdaptivePollOptions {
  /** First poll after the PUT answered: catches fast transitions and immediate failures. */
  firstDelayMs: number;
  /** The interval after the first poll; it grows by `factor` up to `maxIntervalMs`. */
  initialIntervalMs: number;
  factor: number;
  maxIntervalMs: number;
  /** Relative jitter (0.2 = ±20 %), so VPCs started together do not poll in lockstep. */
  jitter: number;
  /** How far after the learned end of a transition the aligned poll lands. */
  settleMarginMs: number;
  /** How many recent waits the learned transition time remembers. */
  learnWindow: number;
  /** Two polls of one VPC are never closer than this. */
  minGapMs: number;
  /** Uniform in [0, 1): injected for deterministic tests. */
  random: () => number;
}

export const ADAPTIVE_POLL_DEFAULTS: AdaptivePollOptions = {
  firstDelayMs: 300,
  initialIntervalMs: 300,
  factor: 1.5,
  maxIntervalMs: 10_000,
  jitter: 0.2,
  settleMarginMs: 60,
  learnWindow: 20,
  minGapMs: 100,
  random: Math.random,
};

/**
 * Adaptive polling: a geometric schedule (first poll soon, then x1.5 with jitter up to a cap), and
 * one extra poll aligned with when recent VPCs of the same run were seen to settle. The aligned poll
 * only ever comes earlier than the geometric one would, so a learned value can sharpen detection
 * (a 1.5 s transition is seen ~0.1 s after it ends) but never delay it, and a long outlier cannot
 * make later VPCs wait longer.
 *
 * What is learned: the longest "still PENDING_UPDATE at t" among the last `learnWindow` waits — a
 * lower bound of the transition time that rises as polls land closer to its end. A wait settled by
 * its aligned poll confirms the bound it was aligned on, so the bound is carried forward rather than
 * forgotten when the window moves on.
 */
export function adaptivePollPolicy(overrides: Partial<AdaptivePollOptions> = {}): PollPolicy {
  const o: AdaptivePollOptions = { ...ADAPTIVE_POLL_DEFAULTS, ...overrides };
  const recentPending: number[] = [];
  const learnedEndMs = (): number | undefined => (recentPending.length === 0 ? undefined : Math.max(...recentPending));
  const jittered = (ms: number): number => ms * (1 + o.jitter * (2 * o.random() - 1));
  // After the learned end has passed, the schedule restarts from this finer interval.
  const fineInterval = Math.max(o.minGapMs, o.initialIntervalMs / 2);

  return {
    name: 'adaptive',
    start(): PollSchedule {
      let polls = 0;
      let interval = o.initialIntervalMs;
      let alignedDone = false;
      let alignedOn: number | undefined;
      let alignedAtMs: number | undefined;
      return {
        nextDelayMs(elapsedMs: number): number {
          polls += 1;
          if (polls === 1) return Math.max(o.minGapMs, jittered(o.firstDelayMs));
          const learned = learnedEndMs();
          if (learned !== undefined && !alignedDone) {
            const aligned = learned + o.settleMarginMs * (1 + o.random()) - elapsedMs;
            const geometric = Math.max(o.minGapMs, jittered(interval));
            if (aligned >= o.minGapMs) {
              if (aligned < geometric) {
                alignedDone = true;
                alignedOn = learned;
                alignedAtMs = elapsedMs + aligned;
                interval = fineInterval;
                return aligned;
              }
              interval = Math.min(o.maxIntervalMs, interval * o.factor);
              return geometric;
            }
            // Past the learned end and still pending: it is likely to end soon, so look again soon.
            alignedDone = true;
            interval = fineInterval;
          }
          const geometric = Math.max(o.minGapMs, jittered(interval));
          interval = Math.min(o.maxIntervalMs, interval * o.factor);
          return geometric;
        },
        finish(sample: SettleSample): void {
          const confirmed = alignedAtMs !== undefined && alignedOn !== undefined && Math.abs(sample.settledMs - alignedAtMs) < o.minGapMs;
          const bound = confirmed && alignedOn !== undefined ? Math.max(alignedOn, sample.lastPendingMs) : sample.lastPendingMs;
          if (bound <= 0) return;
          recentPending.push(bound);
          if (recentPending.length > o.learnWindow) recentPending.shift();
        },
      };
    },
  };
}

export interface FixedPollOptions {
  firstDelayMs: number;
  initialIntervalMs: number;
  factor: number;
  maxIntervalMs: number;
}

/**
 * A Terraform-like schedule for comparison (resource.StateChangeConf style): first poll 5 s after
 * the PUT, then every 3 s doubling up to 10 s. It learns nothing.
 */
export function terraformLikePollPolicy(overrides: Partial<FixedPollOptions> = {}): PollPolicy {
  const o: FixedPollOptions = { firstDelayMs: 5_000, initialIntervalMs: 3_000, factor: 2, maxIntervalMs: 10_000, ...overrides };
  return {
    name: 'terraform-like',
    start(): PollSchedule {
      let polls = 0;
      let interval = o.initialIntervalMs;
      return {
        nextDelayMs(): number {
          polls += 1;
          if (polls === 1) return o.firstDelayMs;
          const delay = interval;
          interval = Math.min(o.maxIntervalMs, interval * o.factor);
          return delay;
        },
        finish(): void {},
      };
    },
  };
}

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
  /** Waits needed before the schedule trusts the learned transition time enough to skip early polls. */
  minSamples: number;
  /** Transitions "look alike" when the spread of the middle 80 % is at most this fraction of the median. */
  spreadTolerance: number;
  /** Early polls are never skipped for transitions expected to last longer than this. */
  maxJumpMs: number;
  /** How far below a confirmed estimate the next estimate probes. */
  probeStepMs: number;
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
  minSamples: 3,
  spreadTolerance: 0.5,
  maxJumpMs: 60_000,
  probeStepMs: 20,
  random: Math.random,
};

/**
 * Adaptive polling. Until it knows better it follows a geometric schedule: a first poll soon after
 * the PUT answered (catches fast transitions and immediate failures), then x1.5 with jitter up to a
 * cap, so a 10-minute transition costs a few dozen GETs.
 *
 * It learns from the finished waits of the same run: each one yields a lower bound of the transition
 * time (the last poll that still saw PENDING_UPDATE). When recent transitions look alike (their spread
 * is small against their median), later waits poll once just after the expected end and then from a
 * fine interval: a 1.5 s transition costs about two GETs and is seen ~0.1 s after it ends. When they
 * differ, the schedule stays geometric with one extra poll aligned on the median, which can only make
 * detection earlier, so one long outlier never delays short transitions.
 *
 * A wait settled by its aligned poll confirms the bound slightly below the one used (`probeStepMs`), so
 * the estimate keeps probing downwards and follows transitions that get shorter.
 */
export function adaptivePollPolicy(overrides: Partial<AdaptivePollOptions> = {}): PollPolicy {
  const o: AdaptivePollOptions = { ...ADAPTIVE_POLL_DEFAULTS, ...overrides };
  const bounds: number[] = [];
  const jittered = (ms: number): number => ms * (1 + o.jitter * (2 * o.random() - 1));
  // After the expected end has passed, the schedule restarts from this finer interval.
  const fineInterval = Math.max(o.minGapMs, o.initialIntervalMs / 2);

  const estimate = (): { medianMs: number; predictable: boolean } | undefined => {
    if (bounds.length === 0) return undefined;
    const sorted = [...bounds].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const medianMs = at(0.5);
    const predictable = sorted.length >= o.minSamples && at(0.9) - at(0.1) <= o.spreadTolerance * medianMs && medianMs <= o.maxJumpMs;
    return { medianMs, predictable };
  };

  return {
    name: 'adaptive',
    start(): PollSchedule {
      const learned = estimate();
      let polls = 0;
      let interval = o.initialIntervalMs;
      let alignedDone = learned === undefined;
      let alignedAtMs: number | undefined;
      const alignOn = (elapsedMs: number, delayMs: number): number => {
        alignedDone = true;
        alignedAtMs = elapsedMs + delayMs;
        interval = fineInterval;
        return delayMs;
      };
      return {
        nextDelayMs(elapsedMs: number): number {
          polls += 1;
          const alignedDelay = learned === undefined ? undefined : learned.medianMs + o.settleMarginMs * (1 + o.random()) - elapsedMs;
          if (polls === 1) {
            if (learned?.predictable && alignedDelay !== undefined) return alignOn(elapsedMs, Math.max(o.minGapMs, alignedDelay));
            return Math.max(o.minGapMs, jittered(o.firstDelayMs));
          }
          const geometric = Math.max(o.minGapMs, jittered(interval));
          if (!alignedDone && alignedDelay !== undefined) {
            if (alignedDelay >= o.minGapMs && alignedDelay < geometric) return alignOn(elapsedMs, alignedDelay);
            // Past the expected end and still pending: it is likely to end soon, so look again soon.
            if (alignedDelay < o.minGapMs) return alignOn(elapsedMs, Math.max(o.minGapMs, jittered(fineInterval)));
          }
          interval = Math.min(o.maxIntervalMs, interval * o.factor);
          return geometric;
        },
        finish(sample: SettleSample): void {
          const settledByAligned = learned !== undefined && alignedAtMs !== undefined && Math.abs(sample.settledMs - alignedAtMs) < o.minGapMs / 2;
          const bound = settledByAligned ? Math.max(sample.lastPendingMs, learned.medianMs - o.probeStepMs) : sample.lastPendingMs;
          if (bound <= 0) return;
          bounds.push(bound);
          if (bounds.length > o.learnWindow) bounds.shift();
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

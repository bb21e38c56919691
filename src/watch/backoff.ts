/**
 * Back-off schedules of the watch loop: plain values and pure functions, so the loop's timing is
 * injected and tested with fake time (STYLE §9). No jitter: one watch process per project, and the
 * cloud client already spreads its own retries.
 */
export interface BackoffSchedule {
  /** Delay after the first failure. */
  firstMs: number;
  /** Each further consecutive failure multiplies the delay by this. */
  factor: number;
  /** The delay never exceeds this. */
  maxMs: number;
}

/** Milliseconds to wait after `failures` consecutive failures (1-based); 0 for none. */
export function backoffDelay(schedule: BackoffSchedule, failures: number): number {
  if (failures <= 0) return 0;
  const raw = schedule.firstMs * schedule.factor ** (failures - 1);
  return Math.max(0, Math.min(schedule.maxMs, raw));
}

/**
 * A failed check of a target (cloud down, a 429 storm, bad credentials) is tried again sooner than
 * the interval at first, then no more often than the interval: `interval/16` (at least 1 s, at most
 * the interval), doubling, capped at the interval.
 */
export function checkBackoff(intervalMs: number): BackoffSchedule {
  return { firstMs: Math.min(intervalMs, Math.max(1000, intervalMs / 16)), factor: 2, maxMs: intervalMs };
}

/**
 * A heal that failed (or was refused) is tried again one interval later (the next check), then two,
 * four, and at most eight intervals later: a VPC the API keeps refusing costs a write every eighth
 * check, not every check. Measured from the scheduled time of the check that failed, so it lines up
 * with later checks.
 */
export function healBackoff(intervalMs: number): BackoffSchedule {
  return { firstMs: intervalMs, factor: 2, maxMs: 8 * intervalMs };
}

import type { RateLimitOptions } from '../types.js';

/**
 * One limiter per client, shared by every concurrent call: a token bucket for requests per second
 * and a cap on requests in flight, granted first come, first served.
 *
 * After a 429 it halves its rate and remembers the rate that was throttled: it climbs back linearly
 * to 85 % of that rate, and beyond it only by probing — slowly at first, faster the longer no 429
 * comes — so it settles just under the gateway's pace instead of running into it again and again.
 * One burst of 429s counts once: a 429 for a request sent before the last slow-down says nothing new,
 * but one for a request sent after it does, at once (a gateway far slower than the client is found
 * in a few round trips, not one halving per second).
 */

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  // The gateway allows 200 calls/s per API by default but real per-user policies seen in the wild
  // are far lower (reference §5): 20/s with 10 in flight keeps one project well under the default.
  // It sets apply's pace: the status watcher's reads cost O(pages), so nearly every call is a write.
  requestsPerSecond: 20,
  burst: 10,
  maxInFlight: 10,
  minRequestsPerSecond: 1,
  recoveryPerSecond: 1,
};

export interface LimiterClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface LimiterSnapshot {
  requestsPerSecond: number;
  inFlight: number;
  queued: number;
}

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Without a request to tell (a bare `onThrottled()`), 429s this close together count once. */
const THROTTLE_WINDOW_MS = 1000;
/** Linear recovery after a 429 ends at this share of the rate that was throttled… */
const PLATEAU = 0.85;
/** …then the rate probes upwards, gaining `recoveryPerSecond` once it has probed this long without a 429. */
const PROBE_RAMP_S = 10;

export function resolveRateLimit(partial: Partial<RateLimitOptions> = {}): RateLimitOptions {
  const out = { ...DEFAULT_RATE_LIMIT };
  for (const key of Object.keys(out) as Array<keyof RateLimitOptions>) {
    const value = partial[key];
    if (value !== undefined && Number.isFinite(value) && value > 0) out[key] = value;
  }
  out.maxInFlight = Math.max(1, Math.floor(out.maxInFlight));
  out.burst = Math.max(1, out.burst);
  out.minRequestsPerSecond = Math.min(out.minRequestsPerSecond, out.requestsPerSecond);
  return out;
}

export class RequestLimiter {
  private readonly options: RateLimitOptions;
  private readonly clock: LimiterClock;
  private tokens: number;
  private lastRefillAt: number;
  private inFlight = 0;
  private readonly waiters: Waiter[] = [];
  private waitingForTokens = false;
  private reducedRate: number | undefined;
  /** Where linear recovery ends and the probe begins. */
  private plateau = 0;
  private throttledAt = Number.NEGATIVE_INFINITY;
  /** When the request whose slot came back last was granted: the exchange reports its 429 right after. */
  private lastReleasedGrantAt: number | undefined;

  constructor(options: Partial<RateLimitOptions>, clock: LimiterClock) {
    this.options = resolveRateLimit(options);
    this.clock = clock;
    this.tokens = this.options.burst;
    this.lastRefillAt = clock.now();
  }

  /** The rate in force now: the configured one, or a reduced one recovering since the last 429. */
  currentRate(): number {
    const target = this.options.requestsPerSecond;
    if (this.reducedRate === undefined) return target;
    const { recoveryPerSecond } = this.options;
    const elapsedS = Math.max(0, this.clock.now() - this.throttledAt) / 1000;
    const probeS = elapsedS - (this.plateau - this.reducedRate) / recoveryPerSecond;
    const rate = probeS <= 0 ? this.reducedRate + elapsedS * recoveryPerSecond : this.plateau + (recoveryPerSecond * probeS * probeS) / (2 * PROBE_RAMP_S);
    if (rate >= target) {
      this.reducedRate = undefined;
      return target;
    }
    return rate;
  }

  /**
   * Tells the limiter the gateway throttled a request (the one whose slot was just given back): halve
   * the rate, remember the throttled rate, drop saved-up tokens.
   */
  onThrottled(): void {
    const now = this.clock.now();
    const grantedAt = this.lastReleasedGrantAt;
    const known = grantedAt === undefined ? now - this.throttledAt < THROTTLE_WINDOW_MS : grantedAt <= this.throttledAt;
    if (known) return;
    this.refill();
    const rate = this.currentRate();
    this.reducedRate = Math.max(this.options.minRequestsPerSecond, rate / 2);
    this.plateau = Math.max(this.reducedRate, rate * PLATEAU);
    this.throttledAt = now;
    this.tokens = Math.min(this.tokens, 0);
  }

  snapshot(): LimiterSnapshot {
    return { requestsPerSecond: this.currentRate(), inFlight: this.inFlight, queued: this.waiters.length };
  }

  /** Waits for a slot; resolves to the function that gives it back (idempotent). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsedS = Math.max(0, now - this.lastRefillAt) / 1000;
    this.lastRefillAt = now;
    this.tokens = Math.min(this.options.burst, this.tokens + elapsedS * this.currentRate());
  }

  private pump(): void {
    while (this.waiters.length > 0 && !this.waitingForTokens && this.inFlight < this.options.maxInFlight) {
      this.refill();
      if (this.tokens < 1) {
        const waitMs = Math.max(1, Math.ceil(((1 - this.tokens) / this.currentRate()) * 1000));
        this.waitingForTokens = true;
        void this.clock.sleep(waitMs).then(() => {
          this.waitingForTokens = false;
          this.pump();
        });
        return;
      }
      this.tokens -= 1;
      this.inFlight += 1;
      const waiter = this.waiters.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      let released = false;
      const grantedAt = this.clock.now();
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        this.lastReleasedGrantAt = grantedAt;
        this.pump();
      });
    }
  }
}

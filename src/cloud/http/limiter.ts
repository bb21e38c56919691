import type { RateLimitOptions } from '../types.js';

/**
 * One limiter per client, shared by every concurrent call: a token bucket for requests per second
 * and a cap on requests in flight, granted first come, first served. After a 429 the rate halves
 * (at most once per second, so one burst of 429s counts once) and then climbs back linearly.
 */

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  // The gateway allows 200 calls/s per API by default but real per-user policies seen in the wild
  // are far lower (reference §5): 20/s with 10 in flight keeps one project well under the default
  // while letting `apply --parallelism 10` run each VPC's PUT and polls without queueing much.
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

const THROTTLE_WINDOW_MS = 1000;

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
  private throttledAt = Number.NEGATIVE_INFINITY;

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
    const elapsedS = Math.max(0, this.clock.now() - this.throttledAt) / 1000;
    const rate = this.reducedRate + elapsedS * this.options.recoveryPerSecond;
    if (rate >= target) {
      this.reducedRate = undefined;
      return target;
    }
    return rate;
  }

  /** Tells the limiter the gateway throttled a request: halve the rate and drop saved-up tokens. */
  onThrottled(): void {
    const now = this.clock.now();
    if (now - this.throttledAt < THROTTLE_WINDOW_MS) return;
    this.refill();
    this.reducedRate = Math.max(this.options.minRequestsPerSecond, this.currentRate() / 2);
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
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        this.pump();
      });
    }
  }
}

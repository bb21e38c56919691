import type { RetryPolicy } from '../types.js';
import type { RetryClass } from './classify.js';

/**
 * Backoff delays: exponential with full jitter (a uniform delay in [0, min(cap, base·2^(n-1))]),
 * a longer base after throttling, and a server's `Retry-After` honoured up to a cap.
 */

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  // 6 attempts ride out a burst of 5 transient failures; with the caps below a call gives up after
  // well under a minute of backoff unless the gateway asks for longer with Retry-After.
  maxAttempts: 6,
  baseDelayMs: 250,
  // The Java SDK waits at least 300 ms after a 429 (reference §6); a second base spreads clients out.
  throttleBaseDelayMs: 1000,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY };
  for (const key of Object.keys(policy) as Array<keyof RetryPolicy>) {
    const value = partial[key];
    if (value !== undefined && Number.isFinite(value) && value >= 0) policy[key] = value;
  }
  policy.maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  return policy;
}

/**
 * Milliseconds to wait after failed attempt number `attempt` (1-based). `retryAfterMs` (from the
 * server) sets a floor, capped by `maxRetryAfterMs`.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  cls: RetryClass,
  random: () => number,
  retryAfterMs?: number,
): number {
  const base = cls === 'throttled' ? policy.throttleBaseDelayMs : policy.baseDelayMs;
  const ceiling = Math.min(policy.maxDelayMs, base * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** `Retry-After`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!/^[A-Za-z]{3},/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

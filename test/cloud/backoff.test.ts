import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter, resolveRetryPolicy } from '../../src/cloud/http/backoff.js';

const policy = resolveRetryPolicy({ baseDelayMs: 100, throttleBaseDelayMs: 1000, maxDelayMs: 5000, maxRetryAfterMs: 30_000 });

describe('backoffDelay: exponential with full jitter', () => {
  it('spans [0, base·2^(n-1)) capped', () => {
    expect(backoffDelay(policy, 1, 'transient', () => 0)).toBe(0);
    expect(backoffDelay(policy, 1, 'transient', () => 0.999999)).toBe(99);
    expect(backoffDelay(policy, 3, 'transient', () => 0.5)).toBe(200);
    expect(backoffDelay(policy, 20, 'transient', () => 0.999999)).toBe(4999);
  });
  it('uses the longer base after a 429', () => {
    expect(backoffDelay(policy, 1, 'throttled', () => 0.5)).toBe(500);
    expect(backoffDelay(policy, 2, 'throttled', () => 0.5)).toBe(1000);
  });
  it('honours Retry-After as a floor, capped', () => {
    expect(backoffDelay(policy, 1, 'throttled', () => 0, 7000)).toBe(7000);
    expect(backoffDelay(policy, 1, 'throttled', () => 0, 3_600_000)).toBe(30_000);
  });
  it('stays within bounds for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(policy, attempt, 'transient', () => r);
        return d >= 0 && d < policy.maxDelayMs && Number.isInteger(d);
      }),
    );
  });
  it('ignores invalid policy values and keeps at least one attempt', () => {
    expect(resolveRetryPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
    expect(resolveRetryPolicy({ baseDelayMs: Number.NaN }).baseDelayMs).toBe(DEFAULT_RETRY_POLICY.baseDelayMs);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { RequestLimiter, DEFAULT_RATE_LIMIT, resolveRateLimit } from '../../src/cloud/http/limiter.js';
import { FakeTime } from '../apply/fake-time.js';

/** A clock that jumps forward when slept on: time only passes when the limiter waits. */
function fakeClock(start = 1_000_000) {
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: async (ms: number) => {
      // Let everything already granted run first, then jump.
      await new Promise((resolve) => setImmediate(resolve));
      clock.t += ms;
    },
  };
  return clock;
}

async function flush(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

describe('RequestLimiter', () => {
  it('spaces requests at the configured rate once the burst is spent', async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 10, burst: 2, maxInFlight: 100 }, clock);
    const grantedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const release = await limiter.acquire();
        grantedAt.push(clock.now() - 1_000_000);
        release();
      }),
    );
    expect(grantedAt.slice(0, 2)).toEqual([0, 0]);
    // 10 more at 10/s: one every 100 ms.
    expect(grantedAt[grantedAt.length - 1]).toBe(1000);
    for (let i = 2; i < grantedAt.length; i++) expect(grantedAt[i]! - grantedAt[i - 1]!).toBe(100);
  });

  it('caps requests in flight and hands slots out first come, first served', async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 1000, burst: 1000, maxInFlight: 2 }, clock);
    const order: number[] = [];
    const releases: Array<() => void> = [];
    for (let i = 0; i < 4; i++) void limiter.acquire().then((release) => (order.push(i), releases.push(release)));
    await flush();
    expect(order).toEqual([0, 1]);
    expect(limiter.snapshot()).toMatchObject({ inFlight: 2, queued: 2 });
    releases[0]!();
    releases[0]!(); // a second release of the same slot is ignored
    await flush();
    expect(order).toEqual([0, 1, 2]);
    expect(limiter.snapshot()).toMatchObject({ inFlight: 2, queued: 1 });
  });

  it('halves the rate after a 429 (once per burst of 429s) and recovers slowly', () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 20, recoveryPerSecond: 2, minRequestsPerSecond: 1 }, clock);
    limiter.onThrottled();
    limiter.onThrottled();
    expect(limiter.currentRate()).toBe(10);
    clock.t += 2000;
    expect(limiter.currentRate()).toBe(14);
    limiter.onThrottled();
    expect(limiter.currentRate()).toBe(7);
    clock.t += 60_000;
    expect(limiter.currentRate()).toBe(20);
  });

  it('one burst of 429s counts once, but a 429 for a request sent after the slow-down counts at once', async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 20, burst: 10, maxInFlight: 10 }, clock);
    const burst = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()));
    // As the exchange does: the slot is given back, then its 429 reported.
    for (const release of burst) {
      release();
      limiter.onThrottled();
    }
    expect(limiter.currentRate()).toBe(10);
    clock.t += 100;
    const later = await limiter.acquire();
    clock.t += 20;
    later();
    limiter.onThrottled();
    expect(limiter.currentRate()).toBeCloseTo(5.06, 5);
  });

  it('climbs back linearly to 85 % of the throttled rate, then probes slowly', () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 20, recoveryPerSecond: 1 }, clock);
    limiter.onThrottled(); // at 20: down to 10, linear up to 17
    clock.t += 7000;
    expect(limiter.currentRate()).toBeCloseTo(17, 5);
    clock.t += 2000; // probing 2 s: + 1 * 2^2 / (2 * 10)
    expect(limiter.currentRate()).toBeCloseTo(17.2, 5);
    clock.t += 8000; // 10 s: +5 -> capped at the configured 20
    expect(limiter.currentRate()).toBe(20);
  });

  it.each([
    { gatewayRps: 10, requests: 200, most429: 0.05 },
    { gatewayRps: 5, requests: 250, most429: 0.06 },
  ])('finds the pace of a gateway allowing $gatewayRps/s: few 429s, no retry storm, near its rate', async ({ gatewayRps, requests, most429 }) => {
    const run = await throttledRun(gatewayRps, requests);
    expect(run.throttled / run.calls).toBeLessThan(most429);
    // The gateway's own burst lets one second's worth through at once.
    expect(run.seconds).toBeLessThanOrEqual((1.1 * (requests - gatewayRps)) / gatewayRps);
  });

  it('never goes below the minimum rate', () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 4, minRequestsPerSecond: 1, recoveryPerSecond: 0.0001 }, clock);
    for (let i = 0; i < 10; i++) {
      limiter.onThrottled();
      clock.t += 1000;
    }
    expect(limiter.currentRate()).toBeGreaterThanOrEqual(1);
    expect(limiter.currentRate()).toBeLessThan(1.01);
  });

  it('slows real grants after a 429', async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ requestsPerSecond: 10, burst: 1, maxInFlight: 10, recoveryPerSecond: 0.001 }, clock);
    (await limiter.acquire())();
    limiter.onThrottled(); // 5/s: 200 ms apart
    const start = clock.now();
    for (let i = 0; i < 3; i++) (await limiter.acquire())();
    expect(clock.now() - start).toBeGreaterThanOrEqual(590);
    expect(clock.now() - start).toBeLessThanOrEqual(610);
  });

  it('drops an aborted waiter without taking a slot', async () => {
    const clock = fakeClock();
    const limiter = new RequestLimiter({ maxInFlight: 1 }, clock);
    const first = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(limiter.snapshot().queued).toBe(0);
    first();
    await expect(limiter.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('with its defaults, 300 calls at once stay under the gateway throttle in every second, and keep flowing', async () => {
    const GATEWAY_CALLS_PER_SECOND = 200; // the API gateway's default per API (reference §5)
    const clock = fakeClock();
    const limiter = new RequestLimiter(resolveRateLimit(), clock);
    const grantedAt: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    await Promise.all(
      Array.from({ length: 300 }, async () => {
        const release = await limiter.acquire();
        grantedAt.push(clock.now());
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await flush(); // hold the slot while the others queue
        inFlight -= 1;
        release();
      }),
    );
    const busiestSecond = Math.max(...grantedAt.map((t) => grantedAt.filter((u) => u >= t && u < t + 1000).length));
    expect(busiestSecond).toBeLessThanOrEqual(DEFAULT_RATE_LIMIT.requestsPerSecond + DEFAULT_RATE_LIMIT.burst);
    expect(busiestSecond).toBeLessThan(GATEWAY_CALLS_PER_SECOND / 4);
    expect(mostInFlight).toBeLessThanOrEqual(DEFAULT_RATE_LIMIT.maxInFlight);
    // Not starved either: after the burst, the calls go at the configured rate.
    const seconds = (Math.max(...grantedAt) - Math.min(...grantedAt)) / 1000;
    expect((300 - DEFAULT_RATE_LIMIT.burst) / seconds).toBeCloseTo(DEFAULT_RATE_LIMIT.requestsPerSecond, 0);
  });
});

/**
 * `requests` calls through the default limiter against a gateway token bucket of `gatewayRps` (burst:
 * one second's worth, as the emulator's), 20 ms round trips, each 429 retried after the client's
 * throttle backoff (full jitter on a 1 s base, seeded). Fake time throughout.
 */
async function throttledRun(gatewayRps: number, requests: number): Promise<{ seconds: number; calls: number; throttled: number }> {
  const time = new FakeTime();
  const limiter = new RequestLimiter(resolveRateLimit(), { now: () => time.now, sleep: (ms) => time.sleep(ms) });
  let tokens = gatewayRps;
  let refilledAt = time.now;
  const gatewayLetsThrough = (): boolean => {
    tokens = Math.min(gatewayRps, tokens + ((time.now - refilledAt) / 1000) * gatewayRps);
    refilledAt = time.now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  let seed = 7;
  const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  let calls = 0;
  let throttled = 0;
  const call = async (): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      const release = await limiter.acquire();
      await time.sleep(10);
      const ok = gatewayLetsThrough();
      await time.sleep(10);
      release();
      calls += 1;
      if (ok) return;
      throttled += 1;
      limiter.onThrottled();
      await time.sleep(random() * Math.min(20_000, 1000 * 2 ** (attempt - 1)));
    }
  };
  const start = time.now;
  await time.run(Promise.all(Array.from({ length: requests }, call)));
  return { seconds: (time.now - start) / 1000, calls, throttled };
}

import { describe, expect, it } from 'vitest';
import { adaptivePollPolicy, terraformLikePollPolicy, type PollPolicy } from '../../src/apply/poll-policy.js';

/** Poll times (ms after the PUT answered) until `transitionMs` has passed; each poll costs `rttMs`. */
function pollTimes(policy: PollPolicy, transitionMs: number, rttMs = 20): { times: number[]; settledAt: number } {
  const schedule = policy.start();
  const times: number[] = [];
  let now = 0;
  let lastPending = 0;
  for (;;) {
    now += schedule.nextDelayMs(now);
    times.push(now);
    const sent = now;
    now += rttMs;
    if (sent >= transitionMs) {
      schedule.finish({ lastPendingMs: lastPending, settledMs: sent });
      return { times, settledAt: sent };
    }
    lastPending = sent;
  }
}

const noJitter = { random: () => 0.5 };

/** The waits before each poll: the first after the PUT, then between polls (less the 20 ms each poll costs). */
function gapsOf(times: number[]): number[] {
  return times.map((t, i) => (i === 0 ? t : t - (times[i - 1] ?? 0) - 20));
}

describe('adaptive poll policy', () => {
  it('polls first soon after the PUT, then grows by x1.5 to a cap', () => {
    const { times } = pollTimes(adaptivePollPolicy(noJitter), 120_000);
    expect(times[0]).toBe(300);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0) - 20);
    expect(gaps.slice(0, 4)).toEqual([300, 450, 675, 1012.5]);
    expect(Math.max(...gaps)).toBe(10_000);
  });

  it('notices a 1.5 s transition within 0.5 s, in a handful of polls, even on the first VPC', () => {
    const { times, settledAt } = pollTimes(adaptivePollPolicy(noJitter), 1500);
    expect(settledAt - 1500).toBeLessThanOrEqual(500);
    expect(times.length).toBeLessThanOrEqual(6);
  });

  it('learns the transition time: later VPCs are seen ~0.1 s after it ends, and it stays so', () => {
    const policy = adaptivePollPolicy(noJitter);
    const late: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const { times, settledAt } = pollTimes(policy, 1480);
      late.push(settledAt - 1480);
      counts.push(times.length);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.max(...late.slice(5))).toBeLessThanOrEqual(200);
    expect(mean(late.slice(5))).toBeLessThanOrEqual(120);
    expect(mean(counts.slice(5))).toBeLessThanOrEqual(2.5);
  });

  it('a long outlier never delays the detection of short transitions', () => {
    const policy = adaptivePollPolicy(noJitter);
    for (let i = 0; i < 5; i += 1) pollTimes(policy, 1500);
    pollTimes(policy, 60_000);
    const alone = pollTimes(adaptivePollPolicy(noJitter), 1500).settledAt;
    expect(pollTimes(policy, 1500).settledAt).toBeLessThanOrEqual(alone);
  });

  it('keeps polling early when recent transitions differ widely', () => {
    const policy = adaptivePollPolicy(noJitter);
    for (const t of [1_000, 9_000, 2_000, 15_000, 4_000]) pollTimes(policy, t);
    expect(pollTimes(policy, 1_000).settledAt).toBeLessThanOrEqual(1_500);
  });

  it('does not flood the API during a 10-minute transition', () => {
    const { times } = pollTimes(adaptivePollPolicy(), 600_000);
    expect(times.length).toBeLessThan(75);
  });

  it('jitters the schedule so VPCs started together do not poll in lockstep', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const nominal = gapsOf(pollTimes(adaptivePollPolicy(noJitter), 60_000).times);
    const a = gapsOf(pollTimes(adaptivePollPolicy({ random }), 60_000).times);
    const b = gapsOf(pollTimes(adaptivePollPolicy({ random }), 60_000).times);
    expect(a.length).toBeGreaterThanOrEqual(10);
    // Every wait differs between the two VPCs, and each stays within ±20 % of the schedule without jitter.
    for (const [i, gap] of a.entries()) expect(gap, `poll ${i}`).not.toBe(b[i]);
    const ratios = [...a, ...b].map((gap, i) => gap / (nominal[i % a.length] ?? NaN));
    for (const [i, ratio] of ratios.entries()) {
      expect(ratio, `poll ${i % a.length}`).toBeGreaterThanOrEqual(0.8 - 1e-9);
      expect(ratio, `poll ${i % a.length}`).toBeLessThanOrEqual(1.2 + 1e-9);
    }
    // Both ways: some polls come earlier than the plain schedule, some later.
    expect(Math.min(...ratios)).toBeLessThan(0.95);
    expect(Math.max(...ratios)).toBeGreaterThan(1.05);
  });
});

describe('terraform-like poll policy', () => {
  it('polls 5 s after the PUT, then 3 s doubling to 10 s', () => {
    const { times } = pollTimes(terraformLikePollPolicy(), 40_000, 0);
    expect(times.slice(0, 6)).toEqual([5_000, 8_000, 14_000, 24_000, 34_000, 44_000]);
  });
});

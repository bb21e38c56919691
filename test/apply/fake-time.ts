import type { Clock, Sleep } from '../../src/apply/types.js';

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * A deterministic fake clock: `sleep` registers a timer; `run` lets every task go as far as it can,
 * then jumps the clock to the earliest timer, until the awaited promise settles.
 */
export class FakeTime {
  now = 1_700_000_000_000;
  private timers: Timer[] = [];
  private seq = 0;

  readonly clock: Clock = { now: () => this.now };

  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at: this.now + Math.max(0, ms), seq: this.seq++, fire: resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
    });

  /** Schedules `fn` at `at` (absolute fake time). */
  at(at: number, fn: () => void): void {
    this.timers.push({ at, seq: this.seq++, fire: fn });
  }

  async run<T>(promise: Promise<T>, limitMs = 24 * 3600_000): Promise<T> {
    let done = false;
    let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    promise.then(
      (value) => ((done = true), (result = { ok: true, value })),
      (error: unknown) => ((done = true), (result = { ok: false, error })),
    );
    const start = this.now;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (done) break;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (next === undefined) throw new Error('deadlock: nothing scheduled and the promise has not settled');
      if (next.at - start > limitMs) throw new Error('fake time limit exceeded');
      this.now = Math.max(this.now, next.at);
      next.fire();
    }
    if (result === undefined) throw new Error('unreachable');
    if (!result.ok) throw result.error;
    return result.value;
  }
}

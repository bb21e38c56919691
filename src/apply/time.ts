import type { Clock, Sleep } from './types.js';

export const systemClock: Clock = { now: () => Date.now() };

/** A real sleep that resolves early, without throwing, when `signal` aborts. */
export const systemSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });

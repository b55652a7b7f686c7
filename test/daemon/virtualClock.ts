/**
 * Test helper: a Clock whose sleeps jump virtual time forward at once (after yielding to the
 * event loop), so a daemon loop with 30 s polls and 10 min drift passes runs in milliseconds.
 */
import type { Clock } from '../../src/ports.js';

export interface VirtualClock extends Clock {
  /** Total virtual milliseconds slept. */
  slept(): number;
}

export function virtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let now = start;
  const abortError = () => Object.assign(new Error('aborted'), { name: 'AbortError' });
  return {
    now: () => now,
    slept: () => now - start,
    async sleep(ms, signal) {
      if (signal?.aborted) throw abortError();
      await new Promise((done) => setImmediate(done));
      if (signal?.aborted) throw abortError();
      now += ms;
    },
  };
}

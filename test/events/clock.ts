import type { Clock } from '../../src/ports.js';

/** A clock tests move by hand; sleep resolves when time is advanced past the deadline. */
export function manualClock(start = Date.UTC(2026, 0, 2, 3, 4, 5)): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async () => undefined,
    advance: (ms) => {
      now += ms;
    },
  };
}

/**
 * The one real clock. It lives in a leaf module so that the event stores and the OpenStack client
 * can default to it without importing the composition root (which would load every stack);
 * src/wiring.ts hands it to everything it builds, and the core takes time only through Clock.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from './ports.js';

/** Node's timers hold at most 2^31 − 1 ms (24.8 days); a longer one fires after 1 ms. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  // A wait for a window weeks away sleeps in pieces, instead of waking at once and spinning.
  sleep: async (ms, signal) => {
    const until = Date.now() + ms;
    let left = ms;
    do {
      await delay(Math.min(Math.max(0, left), LONGEST_TIMER_MS), undefined, signal ? { signal } : undefined);
      left = until - Date.now();
    } while (left > 0);
  },
};

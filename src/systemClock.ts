/**
 * The one real clock. It lives in a leaf module so that the event stores and the OpenStack client
 * can default to it without importing the composition root (which would load every stack);
 * src/wiring.ts hands it to everything it builds, and the core takes time only through Clock.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from './ports.js';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, signal ? { signal } : undefined);
  },
};

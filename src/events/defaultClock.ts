/**
 * The clock a store uses when its caller injects none (read-only tools, scripts). Real callers
 * pass wiring.ts's systemClock; this copy exists so that loading the event store does not load
 * the composition root and, through it, the HTTP and SSH stacks.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../ports.js';

export const defaultClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, signal ? { signal } : undefined);
  },
};

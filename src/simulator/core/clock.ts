/**
 * The simulator's notion of time. Every timestamp, token expiry and time-based state progression
 * reads `clock.now()`, so tests drive time with a manual clock instead of sleeping.
 */

/** Anything with `now()` in epoch milliseconds (the project's `Clock` port fits). */
export interface SimClock {
  now(): number;
}

/** A clock that moves only when told to; `advance` is how a test makes 10 minutes pass. */
export interface ManualClock extends SimClock {
  advance(ms: number): void;
  set(ms: number): void;
}

export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

export const wallClock: SimClock = { now: () => Date.now() };

/** OpenStack timestamps: ISO-8601 without milliseconds, with Z (e.g. Neutron, Glance). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Keystone's expires_at keeps microseconds: 2026-01-01T00:00:00.000000Z. */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Maintenance windows at fixed instants (no clock): zones, DST days, windows that span midnight. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextOpening, windowState } from '../../src/schedule/window.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const weeknights = { schedule: '0 22 * * 1-5', timeZone: 'Europe/Berlin', durationMs: 4 * 3_600_000 };

describe('windowState', () => {
  const rows: Array<[string, string, ReturnType<typeof windowState> extends infer S ? Record<string, unknown> : never]> = [
    ['Friday 23:30 in Berlin: open until 02:00', '2026-12-04T22:30:00Z', { open: true, closesAt: '2026-12-05T01:00:00.000Z' }],
    ['Saturday 01:00 in Berlin: still open, from Friday night', '2026-12-05T00:00:00Z', { open: true, closesAt: '2026-12-05T01:00:00.000Z' }],
    ['Saturday 03:00: closed until Monday 22:00', '2026-12-05T02:00:00Z', { open: false, opensAt: '2026-12-07T21:00:00.000Z' }],
    ['Monday 22:00 exactly: open', '2026-12-07T21:00:00Z', { open: true, closesAt: '2026-12-08T01:00:00.000Z' }],
    ['Monday 21:59: closed, opens in a minute', '2026-12-07T20:59:00Z', { open: false, opensAt: '2026-12-07T21:00:00.000Z' }],
  ];
  for (const [name, now, expected] of rows) {
    test(name, () => {
      const s = windowState(weeknights, at(now));
      const shown = s.open ? { open: true, closesAt: iso(s.closesAt) } : { open: false, opensAt: iso(s.opensAt) };
      assert.deepEqual(shown, expected);
    });
  }
});

describe('nextOpening', () => {
  const rows: Array<[string, string, string, string, string | undefined]> = [
    ['summer in New York is UTC-4', '0 22 * * *', 'America/New_York', '2026-07-01T12:00:00Z', '2026-07-02T02:00:00.000Z'],
    ['winter in New York is UTC-5', '0 22 * * *', 'America/New_York', '2026-12-01T12:00:00Z', '2026-12-02T03:00:00.000Z'],
    ['02:30 on the spring-forward day in Berlin runs when the clocks jump (03:00 CEST)', '30 2 * * *', 'Europe/Berlin', '2027-03-28T00:00:00Z', '2027-03-28T01:00:00.000Z'],
    ['the day after it is 02:30 CEST again', '30 2 * * *', 'Europe/Berlin', '2027-03-28T02:00:00Z', '2027-03-29T00:30:00.000Z'],
    ['01:30 on the fall-back day in New York is the first 01:30 (EDT)', '30 1 * * *', 'America/New_York', '2026-11-01T04:00:00Z', '2026-11-01T05:30:00.000Z'],
    ['day of month or day of week, as Vixie cron: Friday the 4th is a Friday', '0 0 13 * 5', 'UTC', '2026-12-01T00:00:00Z', '2026-12-04T00:00:00.000Z'],
    ['then the 13th, a Sunday', '0 0 13 * 5', 'UTC', '2026-12-12T00:00:00Z', '2026-12-13T00:00:00.000Z'],
    ['names and 7 for Sunday', '15 6 * jan sun,7', 'UTC', '2027-01-01T00:00:00Z', '2027-01-03T06:15:00.000Z'],
    ['every 20 minutes from 10 past', '10/20 * * * *', 'UTC', '2026-12-05T06:31:00Z', '2026-12-05T06:50:00.000Z'],
    ['a schedule that never runs (30 February)', '0 0 30 2 *', 'UTC', '2026-12-05T00:00:00Z', undefined],
  ];
  for (const [name, cron, zone, after, expected] of rows) {
    test(name, () => assert.equal(iso(nextOpening(cron, zone, at(after))), expected));
  }
});

/**
 * Maintenance windows as pure functions of time (the clock is the caller's): when a window next
 * opens, and whether it is open now — a window that opened before now and lasts past it is open,
 * even when it opened the day before (a Friday-night window still open early on Saturday).
 * Computed day by day in the window's zone, so a year-long search stays cheap.
 */
import type { MaintenanceWindow } from '../desired/model.js';
import { dayMatches, parseCron, type CronSchedule } from './cronSchedule.js';
import { instantOf, localTime } from './zoneTime.js';

export type WindowState = { open: true; closesAt: number; openedAt: number } | { open: false; opensAt: number | undefined };

const DAY = 86_400_000;
/** Far enough for any valid schedule (Feb 29 on a given weekday recurs within 28 years). */
const SEARCH_DAYS = 366 * 28;
const schedules = new Map<string, CronSchedule>();

function schedule(expression: string): CronSchedule {
  let s = schedules.get(expression);
  if (!s) {
    s = parseCron(expression);
    schedules.set(expression, s);
  }
  return s;
}

/** The openings on one local calendar day, in order. */
function openingsOn(s: CronSchedule, zone: string, day: { year: number; month: number; day: number; weekday: number }): number[] {
  if (!dayMatches(s, day)) return [];
  const out: number[] = [];
  for (const hour of s.hours) for (const minute of s.minutes) out.push(instantOf(zone, { year: day.year, month: day.month, day: day.day, hour, minute }));
  return [...new Set(out)].sort((a, b) => a - b);
}

function dayAfter(zone: string, instant: number, days: number) {
  // Noon avoids DST edges when stepping whole days.
  const t = localTime(zone, instant);
  const noon = Date.UTC(t.year, t.month - 1, t.day + days, 12);
  const d = new Date(noon);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** The first opening at or after `afterMs`, or undefined when the schedule never runs (Feb 30). */
export function nextOpening(expression: string, zone: string, afterMs: number): number | undefined {
  const s = schedule(expression);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const found = openingsOn(s, zone, dayAfter(zone, afterMs, i)).find((t) => t >= afterMs);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The last opening at or before `atMs` within `withinMs`. */
function lastOpening(expression: string, zone: string, atMs: number, withinMs: number): number | undefined {
  const s = schedule(expression);
  const days = Math.ceil(withinMs / DAY) + 1;
  for (let i = 0; i <= days; i++) {
    const found = openingsOn(s, zone, dayAfter(zone, atMs, -i)).filter((t) => t <= atMs && t > atMs - withinMs).at(-1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function windowState(window: Pick<MaintenanceWindow, 'schedule' | 'timeZone' | 'durationMs'>, nowMs: number): WindowState {
  const opened = lastOpening(window.schedule, window.timeZone, nowMs, window.durationMs);
  if (opened !== undefined) return { open: true, openedAt: opened, closesAt: opened + window.durationMs };
  return { open: false, opensAt: nextOpening(window.schedule, window.timeZone, nowMs) };
}

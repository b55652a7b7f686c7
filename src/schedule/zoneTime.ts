/**
 * Wall-clock time in an IANA zone, from Intl (no time-zone library): the zone's offset at an
 * instant, and the instant of a local date and time — where DST makes a local time not exist
 * (spring forward) it is the first instant after the gap, as cron runs a job scheduled in it; where
 * it exists twice (fall back) it is the first.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function localTime(zone: string, instant: number): LocalTime & { weekday: number } {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
  const t = { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
  return { ...t, weekday: new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay() };
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetAt(zone: string, instant: number): number {
  const t = localTime(zone, instant);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  return asUtc - (instant - (((instant % 60_000) + 60_000) % 60_000));
}

export function instantOf(zone: string, t: LocalTime): number {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  // Try the offsets in force just before and just after; keep the earliest that maps back exactly.
  const candidates = [wall - offsetAt(zone, wall - 86_400_000), wall - offsetAt(zone, wall + 86_400_000)].sort((a, b) => a - b);
  for (const c of candidates) {
    const back = localTime(zone, c);
    if (back.year === t.year && back.month === t.month && back.day === t.day && back.hour === t.hour && back.minute === t.minute) return c;
  }
  // In a spring-forward gap: the instant the clocks jump, found by halving (minute precision).
  let [lo, hi] = [candidates[0]!, candidates[1]!];
  const before = offsetAt(zone, lo);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

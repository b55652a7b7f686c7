/**
 * A validated five-field cron expression (src/desired/cron.ts checks it first) expanded into the
 * sets of minutes, hours, days, months and weekdays it matches, with Vixie cron's rule: when
 * both day-of-month and day-of-week are restricted, a day matches if either does.
 */
const RANGES = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]] as const;
const NAMES: Array<readonly string[] | undefined> = [undefined, undefined, undefined,
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']];

export interface CronSchedule {
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Whether day-of-month / day-of-week were restricted (not `*`). */
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

function value(text: string, field: number): number {
  if (/^\d+$/.test(text)) return Number(text);
  const index = NAMES[field]?.indexOf(text.toLowerCase()) ?? -1;
  return field === 3 ? index + 1 : index;
}

function expand(text: string, field: number): Set<number> {
  const [min, max] = RANGES[field]!;
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '*', step = '1'] = part.split('/');
    const [from, to] = range === '*' ? [min, max] : range.includes('-') ? range.split('-').map((b) => value(b, field)) as [number, number] : [value(range, field), part.includes('/') ? max : value(range, field)];
    for (let v = from; v <= to; v += Number(step)) out.add(field === 4 && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  const sets = fields.map((f, i) => expand(f, i));
  return {
    minutes: [...sets[0]!].sort((a, b) => a - b),
    hours: [...sets[1]!].sort((a, b) => a - b),
    days: sets[2]!, months: sets[3]!, weekdays: sets[4]!,
    dayRestricted: fields[2] !== '*', weekdayRestricted: fields[4] !== '*',
  };
}

/** Whether a calendar day (in the schedule's zone) is one the schedule runs on. */
export function dayMatches(s: CronSchedule, day: { month: number; day: number; weekday: number }): boolean {
  if (!s.months.has(day.month)) return false;
  const dom = s.days.has(day.day);
  const dow = s.weekdays.has(day.weekday);
  if (s.dayRestricted && s.weekdayRestricted) return dom || dow;
  return dom && dow;
}

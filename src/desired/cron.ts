/**
 * Validation of the five-field cron expressions used by maintenance windows, and of IANA time
 * zones. Written out rather than borrowed so the message can say which field is wrong.
 */

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  // 7 is Sunday too, as in Vixie cron.
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** Returns undefined when valid, else why not. */
export function cronError(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} field${fields.length === 1 ? '' : 's'}; a schedule has five: minute hour day-of-month month day-of-week`;
  for (let i = 0; i < 5; i++) {
    const error = fieldError(fields[i]!, FIELDS[i]!);
    if (error) return `${FIELDS[i]!.name} field '${fields[i]}': ${error}`;
  }
  return undefined;
}

function fieldError(field: string, spec: FieldSpec): string | undefined {
  for (const part of field.split(',')) {
    const [range, step, ...rest] = part.split('/');
    if (rest.length > 0 || range === undefined || range === '') return 'malformed';
    if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) return `step '${step}' must be a positive number`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `malformed range '${range}'`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = valueOf(bound, spec);
      if (value === undefined) return `'${bound}' is not a number${spec.names ? ' or name' : ''}`;
      if (value < spec.min || value > spec.max) return `${value} is outside ${spec.min}-${spec.max}`;
      values.push(value);
    }
    if (values.length === 2 && values[0]! > values[1]!) return `range '${range}' runs backwards`;
  }
  return undefined;
}

function valueOf(text: string, spec: FieldSpec): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const index = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index < 0) return undefined;
  return spec.name === 'month' ? index + 1 : index;
}

const zoneCache = new Map<string, boolean>();

/** True when the runtime knows the IANA zone (UTC included). */
export function isTimeZone(zone: string): boolean {
  let known = zoneCache.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      // Intl also accepts offsets such as "+01:00"; windows need a named zone (DST rules).
      known = /^[A-Za-z]/.test(zone);
    } catch {
      known = false;
    }
    zoneCache.set(zone, known);
  }
  return known;
}

/** `4h`, `90m`, `1h30m`, `45s` → milliseconds (0 when not in that form; each schema says which units it allows). */
export function durationMs(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match) return 0;
  return ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000;
}

/** Parses the durations of daemon flags: `500ms`, `30s`, `10m`, `1h`, or a bare number of seconds. */
import { UsageError } from '../errors.js';

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match?.[1]) throw new UsageError(`${flag} ${text} is not a duration`, 'write it like 500ms, 30s, 10m or 1h');
  const ms = Number(match[1]) * (units[match[2] ?? 's'] ?? 1000);
  if (ms <= 0) throw new UsageError(`${flag} must be longer than zero`);
  return Math.round(ms);
}

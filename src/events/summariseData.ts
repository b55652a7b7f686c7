/**
 * An event's data in one short line for `events tail`: `key=value` pairs, whole or not at all,
 * so a line never ends mid-JSON. Long strings are shortened, nested objects and lists become
 * their size, and what does not fit is counted (`… +3 more`). `--json` prints everything.
 */

/** A string longer than this is shortened: ids and names fit, a cloud's error message does not. */
const MAX_VALUE = 48;

export function summariseData(data: unknown, room: number): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return clip(value(data), room);
  const entries = Object.entries(data as Record<string, unknown>);
  const parts: string[] = [];
  let used = 0;
  for (const [n, [key, v]] of entries.entries()) {
    const part = `${key}=${value(v)}`;
    const left = entries.length - n - 1;
    // Keep room for the "… +N more" that would follow this part.
    const reserve = left > 0 ? ` … +${left} more`.length : 0;
    if (used + part.length + (parts.length > 0 ? 1 : 0) + reserve > room) {
      parts.push(`… +${entries.length - n} more`);
      break;
    }
    parts.push(part);
    used += part.length + (parts.length > 1 ? 1 : 0);
  }
  return parts.join(' ');
}

function value(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') {
    const short = v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v;
    // Bare when it reads unambiguously (ids, names, paths); quoted when it has spaces or quotes.
    return /^[\w.:/@+-]*$/.test(short) && short !== '' ? short : JSON.stringify(short);
  }
  if (Array.isArray(v)) {
    const inline = JSON.stringify(v);
    return inline.length <= 24 ? inline : `[${v.length} item${v.length === 1 ? '' : 's'}]`;
  }
  const object = v as Record<string, unknown>;
  // An error's message is what a reader wants from it.
  if (typeof object.message === 'string') return value(object.message);
  const inline = JSON.stringify(object);
  return inline.length <= 24 ? inline : `{${Object.keys(object).slice(0, 3).join(',')}${Object.keys(object).length > 3 ? ',…' : ''}}`;
}

function clip(text: string, room: number): string {
  return text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text;
}

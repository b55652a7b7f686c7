/**
 * Log lines for people or for machines. The human format is what the daemon always printed (an
 * ISO time, then the message); `json` prints one object per line with stable names: `time`,
 * `level`, `msg`, then the call's structured fields (commit, reason, result...), so a log shipper
 * indexes fields instead of parsing sentences. Fields are the same values the message already
 * shows, so the JSON form can leak nothing the text form would not.
 */
import { UsageError } from '../errors.js';

export type LogFormat = 'text' | 'json';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFieldValue = string | number | boolean | null | undefined;
export type LogFields = { level?: LogLevel } & { [field: string]: LogFieldValue };
/** A log call: the sentence for people, and the same facts as fields for machines. */
export type LogLine = (msg: string, fields?: LogFields) => void;

export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
const RESERVED = new Set(['time', 'level', 'msg']);

/** `--log-format` (or STACKSHIFT_LOG_FORMAT); text when neither is given. */
export function parseLogFormat(value: string | undefined): LogFormat {
  if (value === undefined || value === '') return 'text';
  if ((LOG_FORMATS as readonly string[]).includes(value)) return value as LogFormat;
  throw new UsageError(`--log-format must be text or json, not '${value}'`);
}

export interface LineLogOptions {
  format: LogFormat;
  /** Writes one line (without its newline). */
  write: (line: string) => void;
  now: () => number;
  /** Text only: start each line with the time (the daemon does; one-shot commands do not). */
  timestamps?: boolean;
  /** Text only: start warn and error lines with `warning: ` / `error: `. */
  levelWords?: boolean;
}

export function lineLog(options: LineLogOptions): LogLine {
  const { write, now } = options;
  if (options.format === 'json') {
    return (msg, fields = {}) => {
      const { level = 'info', ...rest } = fields;
      const entry: Record<string, unknown> = { time: new Date(now()).toISOString(), level, msg };
      for (const [key, value] of Object.entries(rest)) if (value !== undefined && !RESERVED.has(key)) entry[key] = value;
      write(JSON.stringify(entry));
    };
  }
  return (msg, fields = {}) => {
    const word = options.levelWords && (fields.level === 'warn' ? 'warning: ' : fields.level === 'error' ? 'error: ' : '');
    write(`${options.timestamps ? `${new Date(now()).toISOString()} ` : ''}${word || ''}${msg}`);
  };
}

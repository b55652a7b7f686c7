/**
 * An Output whose diagnostics go through a line log: with `--log-format json` every stderr line
 * a command or a pass writes (step lines, warnings) becomes one JSON object, and no progress bar
 * is drawn (a bar's redraws are not lines). Results on stdout are left as they are, and the
 * text format leaves the Output untouched, so the human lines do not change.
 */
import type { Output } from '../ports.js';
import type { LogFormat, LogLine } from './lineLog.js';

export function loggedOutput(output: Output, log: LogLine, format: LogFormat): Output {
  if (format === 'text') return output;
  return { out: (t) => output.out(t), err: (t) => log(t.replace(/\n$/, '')), interactive: false, log };
}

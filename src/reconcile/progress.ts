/**
 * Progress of an apply: in a terminal a bar (steps done of total, image bytes copied, drawn with
 * cli-progress); elsewhere (CI, logs, the daemon) one line per finished step with its duration,
 * as Terraform prints "Creation complete after 2s".
 */
import cliProgress from 'cli-progress';
import type { Output } from '../ports.js';

export interface Progress {
  stepStarted(step: { id: string }): void;
  stepDone(step?: { id: string }, ok?: boolean): void;
  bytes(n: number): void;
  stop(): void;
}

function human(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function applyProgress(output: Output | undefined, totalSteps: number): Progress {
  if (totalSteps === 0 || !output) return { stepStarted() {}, stepDone() {}, bytes() {}, stop() {} };
  if (!output.interactive) return stepLines(output, totalSteps);
  const bar = new cliProgress.SingleBar(
    { format: 'apply [{bar}] {value}/{total} steps | {copied} image data copied', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let copied = 0;
  let done = 0;
  bar.start(totalSteps, 0, { copied: human(0) });
  return {
    stepStarted() {},
    stepDone() {
      done++;
      bar.update(done, { copied: human(copied) });
    },
    bytes(n) {
      copied += n;
      bar.update(done, { copied: human(copied) });
    },
    stop() {
      bar.stop();
    },
  };
}

/** One line per finished step: `[3/25] create:network/web-net done in 0.4 s`. */
function stepLines(output: Output, totalSteps: number): Progress {
  const started = new Map<string, number>();
  let done = 0;
  return {
    stepStarted(step) {
      started.set(step.id, Date.now());
    },
    stepDone(step, ok = true) {
      done++;
      if (!step) return;
      const seconds = ((Date.now() - (started.get(step.id) ?? Date.now())) / 1000).toFixed(1);
      const line = `[${done}/${totalSteps}] ${step.id} ${ok ? 'done' : 'FAILED (see stackshift events)'} in ${seconds} s`;
      if (output.log) output.log(line, { level: ok ? 'info' : 'error', step: step.id, done, total: totalSteps, ok, seconds: Number(seconds) });
      else output.err(line);
    },
    bytes() {},
    stop() {},
  };
}

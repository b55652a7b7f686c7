/**
 * Terminal progress for an apply: steps done of total, and image bytes copied. Drawn with
 * cli-progress only when stderr is a terminal; otherwise nothing, so logs stay clean.
 */
import cliProgress from 'cli-progress';
import type { Output } from '../ports.js';

export interface Progress {
  stepDone(): void;
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
  if (!output?.interactive || totalSteps === 0) return { stepDone() {}, bytes() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: 'apply [{bar}] {value}/{total} steps | {copied} image data copied', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let copied = 0;
  let done = 0;
  bar.start(totalSteps, 0, { copied: human(0) });
  return {
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

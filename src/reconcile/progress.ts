/**
 * Progress of an apply: in a terminal a bar (steps done of total, image bytes copied, drawn with
 * cli-progress); elsewhere (CI, logs, the daemon) a line as each step starts and one with its
 * duration as it ends, as Terraform prints "Creating..." and "Creation complete after 2s", so a
 * log shows which step was in flight when something hung.
 */
import cliProgress from 'cli-progress';
import type { Output } from '../ports.js';
import { humanBytes } from '../cli/humanBytes.js';

export interface Progress {
  stepStarted(step: { id: string }): void;
  stepDone(step?: { id: string }, ok?: boolean): void;
  bytes(n: number): void;
  stop(): void;
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
  bar.start(totalSteps, 0, { copied: humanBytes(0) });
  return {
    stepStarted() {},
    stepDone() {
      done++;
      bar.update(done, { copied: humanBytes(copied) });
    },
    bytes(n) {
      copied += n;
      bar.update(done, { copied: humanBytes(copied) });
    },
    stop() {
      bar.stop();
    },
  };
}

/** Terraform's verbs for a step's action; an action a kind adds (a router's 'routes') reads as "setting routes". */
const verbs: Record<string, [doing: string, done: string]> = {
  create: ['creating', 'created'],
  update: ['updating', 'updated'],
  delete: ['destroying', 'destroyed'],
  adopt: ['adopting', 'adopted'],
};

function verbFor(action: string): [string, string] {
  return verbs[action] ?? [`setting ${action}`, `${action} set`];
}

/**
 * A line when a step starts and one when it ends, as Terraform prints them:
 * `network/web-net: creating…` then `[3/25] network/web-net: created after 0.4s`.
 */
function stepLines(output: Output, totalSteps: number): Progress {
  const started = new Map<string, number>();
  let done = 0;
  return {
    stepStarted(step) {
      started.set(step.id, Date.now());
      const { action, target } = splitId(step.id);
      const line = `${target}: ${verbFor(action)[0]}…`;
      if (output.log) output.log(line, { level: 'info', step: step.id, started: true });
      else output.err(line);
    },
    stepDone(step, ok = true) {
      done++;
      if (!step) return;
      const seconds = ((Date.now() - (started.get(step.id) ?? Date.now())) / 1000).toFixed(1);
      const { action, target } = splitId(step.id);
      const [doing, finished] = verbFor(action);
      const line = ok ? `[${done}/${totalSteps}] ${target}: ${finished} after ${seconds}s` : `[${done}/${totalSteps}] ${target}: ${doing} FAILED after ${seconds}s (\`stackshift events tail\` has the cloud's error)`;
      if (output.log) output.log(line, { level: ok ? 'info' : 'error', step: step.id, done, total: totalSteps, ok, seconds: Number(seconds) });
      else output.err(line);
    },
    bytes() {},
    stop() {},
  };
}

/** A step id is `<action>:<kind>/<key>` (plan/model.ts stepId). */
function splitId(id: string): { action: string; target: string } {
  const colon = id.indexOf(':');
  return colon < 0 ? { action: '', target: id } : { action: id.slice(0, colon), target: id.slice(colon + 1) };
}

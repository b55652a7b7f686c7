/**
 * `stackshift status`: where the migration stands, from the event log alone (no cloud is asked):
 * the desired and applied commits, the condition, per wave every workload with its phase, bytes,
 * rate and ETA, downtime or what it waits for (blocked ones first, with the fix), detached
 * volumes, reclaim nodes with their stage, the next window, and the resources that are not Ready. `--watch` follows the log: in a terminal it redraws
 * in place, otherwise it prints one line per object whose condition changed.
 */
import { parseVerbArgs, verbUsageError } from '../cli/args.js';
import { LogFollower } from '../events/logFollower.js';
import { eventLogDir, resolveStateDir } from '../events/stateDir.js';
import type { Output } from '../ports.js';
import { applyEvent, initialStatus, type StatusModel } from '../status/project.js';
import { renderStatus, statusJson } from '../status/renderStatus.js';
import type { StoredEvent } from '../events/store.js';
import { BoardProjection } from '../web/boardProjection.js';
import { systemClock } from '../wiring.js';

const usage = `usage: stackshift status [--state DIR] [--watch] [--format text|json]

  --state DIR     state directory (env STACKSHIFT_STATE, default ./.stackshift)
  --watch         keep following the event log (Ctrl-C to stop)
  --format F      text (default) or json

Exit status: 0 Ready, 1 Stalled (something needs a person), 3 Reconciling; 2 for a usage error.`;

export interface StatusContext {
  signal?: AbortSignal;
  pollMs?: number;
}

export async function run(argv: string[], output: Output, context: StatusContext = {}): Promise<number> {
  const { values } = parseVerbArgs('status', argv, {
    state: { type: 'string' }, watch: { type: 'boolean', default: false }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    output.out(usage);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') throw verbUsageError('status', `unknown --format '${values.format}'`, 'one of: text, json');
  const stateDir = resolveStateDir(values.state);
  const follower = new LogFollower(eventLogDir(stateDir));
  const model = initialStatus();
  // The board's fold of the same events: waves, bytes, rates and downtimes per item.
  const board = new BoardProjection();
  const fold = (e: StoredEvent) => {
    applyEvent(model, e);
    board.apply(e);
  };
  await follower.poll(fold);
  const show = (m: StatusModel) => (values.format === 'json' ? JSON.stringify(statusJson(m, board.all())) : renderStatus(m, { stateDir, items: board.all() }));
  if (!values.watch) {
    output.out(show(model));
    return exitCode(model);
  }
  if (output.interactive && values.format === 'text') output.out(`\x1b[H\x1b[2J${show(model)}`);
  else output.out(show(model));
  const stop = context.signal ?? signalOnInterrupt();
  while (!stop.aborted) {
    await systemClock.sleep(context.pollMs ?? 1000, stop).catch(() => undefined);
    const before = JSON.stringify(statusJson(model, board.all()));
    const changed: string[] = [];
    await follower.poll((e) => {
      const table = e.stream.startsWith('workload:') ? 'workloads' : e.stream.startsWith('volume:') ? 'volumes' : e.stream.startsWith('node:') ? 'nodes' : e.stream.startsWith('resource:') ? 'resources' : undefined;
      const key = table ? e.stream.slice(e.stream.indexOf(':') + 1) : undefined;
      const was = table && key ? model[table][key]?.condition : undefined;
      fold(e);
      const now = table && key ? model[table][key] : undefined;
      if (now && now.condition !== was) changed.push(`${e.time} ${table!.replace(/s$/, '')} ${key}: ${now.condition} (${now.lastEvent}${now.message ? `: ${now.message}` : ''})`);
    });
    if (JSON.stringify(statusJson(model, board.all())) === before) continue;
    if (values.format === 'json') output.out(show(model));
    else if (output.interactive) output.out(`\x1b[H\x1b[2J${show(model)}`);
    else for (const line of changed) output.out(line);
  }
  return exitCode(model);
}

function exitCode(model: StatusModel): number {
  const condition = statusJson(model).condition;
  return condition === 'Ready' ? 0 : condition === 'Stalled' ? 1 : 3;
}

function signalOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  return controller.signal;
}

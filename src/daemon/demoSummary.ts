/**
 * The closing note of `stackshift demo`: what the daemon created per resource kind (from the
 * event log, the source of truth), how many events it wrote, and the commands to look further.
 */
import type { EventStore } from '../events/store.js';
import type { ItemView } from '../workflows/decideAll.js';
import { itemLines, itemSummary } from '../workflows/summary.js';

export interface DemoSummaryInput {
  store: Pick<EventStore, 'readAll'>;
  stateDir: string;
  repoDir: string;
  /** The commit the demo converged to. */
  commit?: string;
  /** Workloads and nodes where the runner left them. */
  items?: readonly ItemView[];
}

/** `resource:<kind>/<name>` → kind. */
function kindOf(stream: string): string | undefined {
  const match = /^resource:([^/]+)\//.exec(stream);
  return match?.[1];
}

export async function demoSummary(input: DemoSummaryInput): Promise<string> {
  const created = new Map<string, number>();
  const types = new Map<string, number>();
  let events = 0;
  let bytes = 0;
  for await (const event of input.store.readAll()) {
    events++;
    types.set(event.type, (types.get(event.type) ?? 0) + 1);
    const kind = kindOf(event.stream);
    if (event.type === 'ResourceCreated' && kind) created.set(kind, (created.get(kind) ?? 0) + 1);
    if (event.type === 'ImageDataCopied' && typeof event.data.bytes === 'number') bytes += event.data.bytes;
  }
  const width = Math.max(0, ...[...created.keys()].map((k) => k.length));
  const items = input.items ?? [];
  const allDone = items.every((v) => v.decision.kind === 'done');
  const lines = [
    allDone
      ? 'stackshift demo: the destination cloud has converged to example-repo/.'
      : 'stackshift demo: the destination infrastructure has converged to example-repo/; workloads and nodes have not (see below).',
    '',
    'created in the destination:',
    ...([...created.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `  ${kind.padEnd(width)}  ${n}`)),
    ...(created.size === 0 ? ['  nothing (it was already there)'] : []),
    ...(bytes > 0 ? [`image data copied: ${(bytes / 1024 / 1024).toFixed(1)} MiB`] : []),
    ...(items.length > 0 ? ['', `workloads and nodes: ${itemSummary(items)}`, ...itemLines(items).map((l) => `  ${l}`)] : []),
    '',
    `${events} events in the log (${[...types.entries()].sort(([, a], [, b]) => b - a).slice(0, 4).map(([t, n]) => `${n} ${t}`).join(', ')}, ...)`,
    '',
    'look at them:',
    `  npm run stackshift -- events tail -n 40 --state ${input.stateDir}`,
    ...(input.commit ? [`  npm run stackshift -- events show commit:${input.commit} --state ${input.stateDir}`] : []),
    `  npm run stackshift -- plan --repo ${input.repoDir} --state ${input.stateDir}`,
    '    (plan asks the clouds: while `npm start -- --follow` runs, with OS_CLIENT_CONFIG_FILE as it prints)',
  ];
  return lines.join('\n');
}

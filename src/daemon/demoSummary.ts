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
  /**
   * Set under --follow, when the simulated clouds outlive this summary: `plan` can ask them, so
   * its command is printed with the clouds.yaml to export. Without it the clouds are gone by the
   * time anyone types a command, so only the commands that read the event log are printed.
   */
  liveClouds?: { cloudsYaml: string };
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
  const copies = new Map<string, { sent: number; skipped: number; ms: number; downtimeMs?: number }>();
  for await (const event of input.store.readAll()) {
    events++;
    if (event.stream.startsWith('workload:') || event.stream.startsWith('volume:')) {
      const c = copies.get(event.stream) ?? { sent: 0, skipped: 0, ms: 0 };
      if (event.type === 'DiskCopied') {
        c.sent += Number(event.data.bytesSent ?? 0);
        c.skipped += Number(event.data.bytesSkipped ?? 0);
        c.ms += Number(event.data.durationMs ?? 0);
      }
      if (event.type === 'WorkloadMigrated') c.downtimeMs = Number(event.data.downtimeMs ?? 0);
      copies.set(event.stream, c);
    }
    types.set(event.type, (types.get(event.type) ?? 0) + 1);
    const kind = kindOf(event.stream);
    if (event.type === 'ResourceCreated' && kind) created.set(kind, (created.get(kind) ?? 0) + 1);
    if (event.type === 'ImageDataCopied' && typeof event.data.bytes === 'number') bytes += event.data.bytes;
  }
  const width = Math.max(0, ...[...created.keys()].map((k) => k.length));
  const items = input.items ?? [];
  const allDone = items.every((v) => v.decision.kind === 'done');
  const workloadsDone = items.filter((v) => v.workflow === 'workload' || v.workflow === 'volume').every((v) => v.decision.kind === 'done');
  const lines = [
    allDone
      ? 'stackshift demo: the destination cloud has converged to example-repo/.'
      : workloadsDone
        ? 'stackshift demo: the destination has converged to example-repo/ (infrastructure, selected workloads and detached volumes); reclaim nodes have not (see below).'
        : 'stackshift demo: the destination infrastructure has converged to example-repo/; some workloads, volumes or nodes have not (see below).',
    '',
    'created in the destination:',
    ...([...created.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `  ${kind.padEnd(width)}  ${n}`)),
    ...(created.size === 0 ? ['  nothing (it was already there)'] : []),
    ...(bytes > 0 ? [`image data copied: ${(bytes / 1024 / 1024).toFixed(1)} MiB`] : []),
    ...waveLines(items, copies),
    ...volumeLines(items, copies),
    ...(items.length > 0 ? ['', `workloads, volumes and nodes: ${itemSummary(items)}`, ...itemLines(items).map((l) => `  ${l}`)] : []),
    '',
    `${events} events in the log (${[...types.entries()].sort(([, a], [, b]) => b - a).slice(0, 4).map(([t, n]) => `${n} ${t}`).join(', ')}, ...)`,
    '',
    'look at them:',
    `  npm run stackshift -- events tail -n 40 --state ${input.stateDir}`,
    ...(input.commit ? [`  npm run stackshift -- events show commit:${input.commit} --state ${input.stateDir}`] : []),
    ...(input.liveClouds
      ? [
        'ask the simulated clouds (while this demo runs, in another shell):',
        `  export OS_CLIENT_CONFIG_FILE=${input.liveClouds.cloudsYaml}`,
        `  npm run stackshift -- plan --repo ${input.repoDir} --state ${input.stateDir}`,
      ]
      : ['(the simulated clouds stopped with the demo: `npm start -- --follow` keeps them up and prints how to `plan` against them)']),
  ];
  return lines.join('\n');
}

const MiB = 1024 * 1024;

/** Per wave: the workloads migrated, the bytes their disks sent, the zeros not sent, and how fast. */
function waveLines(items: readonly ItemView[], copies: Map<string, { sent: number; skipped: number; ms: number; downtimeMs?: number }>): string[] {
  const waves = new Map<number, ItemView[]>();
  for (const item of items.filter((i) => i.workflow === 'workload')) waves.set(item.wave ?? 0, [...(waves.get(item.wave ?? 0) ?? []), item]);
  if (waves.size === 0) return [];
  const lines = ['', 'workloads moved, per wave:'];
  for (const [wave, list] of [...waves.entries()].sort(([a], [b]) => a - b)) {
    const c = list.map((i) => copies.get(i.stream)).filter((x): x is NonNullable<typeof x> => x !== undefined);
    const sent = c.reduce((n, x) => n + x.sent, 0);
    const skipped = c.reduce((n, x) => n + x.skipped, 0);
    const ms = c.reduce((n, x) => n + x.ms, 0);
    const migrated = list.filter((i) => i.progress.phase === 'Migrated');
    const downtime = c.flatMap((x) => (x.downtimeMs === undefined ? [] : [x.downtimeMs]));
    lines.push(
      `  wave ${wave}: ${migrated.length}/${list.length} migrated (${migrated.map((i) => i.id).join(', ') || 'none yet'}); ` +
        `${(sent / MiB).toFixed(1)} MiB sent, ${((sent + skipped) / 1024 ** 3).toFixed(0)} GiB of disks checked` +
        (ms > 0 ? ` at ${(((sent + skipped) / MiB) / (ms / 1000)).toFixed(0)} MiB/s (zeros are not sent)` : '') +
        (downtime.length > 0 ? `; longest downtime ${(Math.max(...downtime) / 1000).toFixed(1)} s` : ''),
    );
  }
  return lines;
}

/** The detached volumes: how many were migrated, the bytes sent, the zeros not sent. */
function volumeLines(items: readonly ItemView[], copies: Map<string, { sent: number; skipped: number; ms: number }>): string[] {
  const list = items.filter((i) => i.workflow === 'volume');
  if (list.length === 0) return [];
  const c = list.map((i) => copies.get(i.stream)).filter((x): x is NonNullable<typeof x> => x !== undefined);
  const sent = c.reduce((n, x) => n + x.sent, 0);
  const skipped = c.reduce((n, x) => n + x.skipped, 0);
  const migrated = list.filter((i) => i.progress.phase === 'Migrated');
  return ['', `detached volumes: ${migrated.length}/${list.length} migrated (${migrated.map((i) => i.id).join(', ') || 'none yet'}); ${(sent / MiB).toFixed(1)} MiB sent, ${((sent + skipped) / 1024 ** 3).toFixed(0)} GiB checked`];
}

/**
 * `stackshift status`'s migration lines, from the board's cards (src/web/boardItem.ts, folded
 * from the log alone): per wave its workloads with phase, bytes copied of total, rate and ETA
 * while copying, the downtime of those cut over, and the reason and fix of blocked ones (first in
 * their wave, since they need someone); then detached volumes, reclaim nodes with their stage, and
 * when the next maintenance window opens.
 */
import type { BoardItem } from '../web/boardItem.js';

const MARK: Record<BoardItem['state'], string> = { blocked: '!', failed: '!', running: '…', waiting: '·', done: '✓', idle: ' ' };
const RANK: Record<BoardItem['state'], number> = { blocked: 0, failed: 0, running: 1, waiting: 2, idle: 3, done: 4 };

const gib = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
const duration = (seconds: number) => (seconds < 120 ? `${Math.round(seconds)} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`);

function detail(item: BoardItem): string {
  const parts: string[] = [];
  if (item.bytesTotal) parts.push(`${gib(item.bytesDone ?? 0)}/${gib(item.bytesTotal)} GiB`);
  if (item.rateBytesPerSec) parts.push(`${(item.rateBytesPerSec / 1024 ** 2).toFixed(0)} MiB/s`);
  if (item.etaSeconds !== undefined && item.state === 'running') parts.push(`ETA ${duration(item.etaSeconds)}`);
  if (item.downtimeMs !== undefined) parts.push(`downtime ${duration(item.downtimeMs / 1000)}`);
  if (item.state === 'running' && item.activity) parts.push(item.activity);
  if (item.state === 'blocked' || item.state === 'failed') parts.push(`${item.state}: ${item.reason ?? ''}${item.fix ? ` — to fix: ${item.fix}` : ''}`);
  else if (item.state === 'waiting' && item.reason) parts.push(`waiting${item.until ? ` until ${item.until.replace(/:\d\d\.\d+Z$/, 'Z')}` : ''}: ${item.reason}`);
  return parts.join('  ');
}

function lines(items: BoardItem[]): string[] {
  const sorted = [...items].sort((a, b) => RANK[a.state] - RANK[b.state] || a.id.localeCompare(b.id));
  const width = Math.max(...sorted.map((i) => i.id.length));
  const phase = Math.max(...sorted.map((i) => i.phase.length));
  return sorted.map((i) => `  ${MARK[i.state]} ${i.id.padEnd(width)}  ${i.phase.padEnd(phase)}  ${detail(i)}`.trimEnd());
}

function counts(items: BoardItem[]): string {
  const by = new Map<string, number>();
  for (const i of items) by.set(i.phase, (by.get(i.phase) ?? 0) + 1);
  return [...by].map(([p, n]) => `${n} ${p}`).join(', ');
}

/** When the next window opens: the earliest wait for one among the workloads. */
export function nextWindow(items: BoardItem[]): string | undefined {
  const opens = items.filter((i) => i.state === 'waiting' && i.until && /window/.test(i.reason ?? '')).map((i) => i.until!).sort();
  return opens[0];
}

export function waveLines(items: BoardItem[]): string[] {
  const out: string[] = [];
  const workloads = items.filter((i) => i.family === 'workload');
  const waves = [...new Set(workloads.map((i) => i.wave ?? 0))].sort((a, b) => a - b);
  for (const wave of waves) {
    const inWave = workloads.filter((i) => (i.wave ?? 0) === wave);
    out.push('', `${wave === 0 ? 'workloads (wave not recorded yet)' : `wave ${wave}`}: ${counts(inWave)}`, ...lines(inWave));
  }
  const volumes = items.filter((i) => i.family === 'volume');
  if (volumes.length > 0) out.push('', `detached volumes: ${counts(volumes)}`, ...lines(volumes));
  const nodes = items.filter((i) => i.family === 'node');
  if (nodes.length > 0) out.push('', `reclaim nodes: ${counts(nodes)}`, ...lines(nodes));
  const opens = nextWindow(workloads);
  if (opens) out.push('', `next window opens ${opens.replace(/:\d\d\.\d+Z$/, 'Z')}`);
  return out;
}

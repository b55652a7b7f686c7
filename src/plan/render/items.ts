/**
 * Workloads, detached volumes and nodes in a rendered plan: a table per family and wave, one row per item with
 * its phase and what happens next, so a reviewer sees "web-1: waiting for window nightly until
 * 22:00" rather than nothing. Shared by the text and markdown renderers.
 */
import type { ItemPlan } from '../../workflows/itemPlan.js';

const TITLES: Record<string, string> = { workload: 'Workloads', volume: 'Detached volumes', node: 'Reclaim nodes' };
const MARK: Record<ItemPlan['next']['kind'], string> = { run: '>', wait: '…', blocked: '!', done: '✓' };

export interface ItemGroup {
  title: string;
  items: ItemPlan[];
}

/** Groups by family, then by wave (items without a wave form one group). */
export function groupItems(items: readonly ItemPlan[]): ItemGroup[] {
  const groups = new Map<string, ItemGroup>();
  for (const item of items) {
    const family = TITLES[item.workflow] ?? item.workflow;
    const title = item.wave === undefined ? family : `${family}, wave ${item.wave}`;
    const group = groups.get(title) ?? { title, items: [] };
    group.items.push(item);
    groups.set(title, group);
  }
  return [...groups.values()];
}

export function nextText(item: ItemPlan): string {
  const n = item.next;
  const until = n.until ? ` until ${n.until}` : '';
  const slot = n.slot ? ` [${n.slot}]` : '';
  const fix = n.fix ? `; to go on: ${n.fix}` : '';
  const verb = n.kind === 'run' ? 'next' : n.kind === 'wait' ? `waiting${until}` : n.kind === 'blocked' ? 'blocked' : 'done';
  return `${verb}: ${n.text}${slot}${fix}`;
}

export function markOf(item: ItemPlan): string {
  return MARK[item.next.kind];
}

const gib = (n: number) => `${(n / 2 ** 30).toFixed(1)} GiB`;

export function bytesText(item: Pick<ItemPlan, 'bytesTotal' | 'bytesDone'>): string {
  if (item.bytesTotal === undefined) return '';
  return item.bytesDone !== undefined && item.bytesDone > 0 ? `${gib(item.bytesDone)} / ${gib(item.bytesTotal)}` : gib(item.bytesTotal);
}

/** One line per part (a workload's volume): name, size or progress, and what happens to it. */
export function partLines(item: ItemPlan): string[] {
  return (item.parts ?? []).map((p) => `${p.name}${p.bytesTotal > 0 ? `  ${bytesText(p)}` : ''}${p.note ? `  (${p.note})` : ''}`);
}

export function renderItemsText(items: readonly ItemPlan[]): string[] {
  const lines: string[] = [];
  for (const group of groupItems(items)) {
    lines.push('', `${group.title}:`);
    for (const item of group.items) {
      const bytes = bytesText(item);
      lines.push(`  ${markOf(item)} ${item.id}${item.desired ? '' : ' (no longer selected)'}  ${item.phase}${bytes ? `  ${bytes}` : ''}`);
      for (const part of partLines(item)) lines.push(`      · ${part}`);
      lines.push(`      ${nextText(item)}`);
    }
  }
  return lines;
}

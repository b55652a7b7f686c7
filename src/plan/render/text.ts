/** The plan for a terminal: one line per change, field details indented under it. */
import type { Plan } from '../model.js';
import { fieldLines, summaryLine, symbol, verb } from './describe.js';
import { renderItemsText } from './items.js';

/** Says how many workloads, detached volumes and nodes are not done, so "no changes" is never read as "all done". */
function pendingItems(plan: Plan): string {
  const open = (plan.items ?? []).filter((i) => i.next.kind !== 'done').length;
  return open === 0 ? 'Every workload, detached volume and node is done.' : `${open} workload(s), detached volume(s) and node(s) are not done:`;
}

/** What the destination cannot take as the source has it, so a matching plan is not read as "identical". */
function noteLines(plan: Plan): string[] {
  const notes = plan.notes ?? [];
  if (notes.length === 0) return [];
  return ['', `Not kept from the source (${notes.length}):`, ...notes.map((n) => `  ${n.kind}/${n.key}${n.file ? ` (${n.file}${n.line ? `:${n.line}` : ''})` : ''}: ${n.note}`)];
}

export function renderText(plan: Plan): string {
  const items = renderItemsText(plan.items ?? []);
  const notes = noteLines(plan);
  if (plan.changes.length === 0) {
    const head = items.length === 0 ? `No changes: the destination matches ${plan.commit}.` : `No infrastructure changes: the destination's resources match ${plan.commit}. ${pendingItems(plan)}`;
    return `${[head, ...items, ...notes].join('\n')}\n`;
  }
  const lines = [`Plan for ${plan.commit}: ${summaryLine(plan.summary)}.`, ''];
  for (const c of plan.changes) {
    lines.push(`  ${symbol(c).padEnd(3)} ${c.kind}/${c.key}  ${verb(c)}${c.destructive ? '  [destructive]' : ''}`);
    lines.push(`        ${c.reason}`);
    for (const f of fieldLines(c)) lines.push(`        ${f}`);
  }
  lines.push(...items, ...notes);
  lines.push('', `${plan.steps.length} steps; observed state ${plan.observedFingerprint.slice(0, 19)}…`);
  return `${lines.join('\n')}\n`;
}

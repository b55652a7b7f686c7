/** The plan for a terminal: one line per change, field details indented under it. */
import type { Plan } from '../model.js';
import { fieldLines, summaryLine, symbol, verb } from './describe.js';
import { renderItemsText } from './items.js';

export function renderText(plan: Plan): string {
  const items = renderItemsText(plan.items ?? []);
  if (plan.changes.length === 0) return `No changes: the destination matches ${plan.commit}.\n${items.length ? `${items.join('\n')}\n` : ''}`;
  const lines = [`Plan for ${plan.commit}: ${summaryLine(plan.summary)}.`, ''];
  for (const c of plan.changes) {
    lines.push(`  ${symbol(c).padEnd(3)} ${c.kind}/${c.key}  ${verb(c)}${c.destructive ? '  [destructive]' : ''}`);
    lines.push(`        ${c.reason}`);
    for (const f of fieldLines(c)) lines.push(`        ${f}`);
  }
  lines.push(...items);
  lines.push('', `${plan.steps.length} steps; observed state ${plan.observedFingerprint.slice(0, 19)}…`);
  return `${lines.join('\n')}\n`;
}

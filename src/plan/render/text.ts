/** The plan for a terminal: one line per change, field details indented under it. */
import type { Plan } from '../model.js';
import { fieldLines, summaryLine, symbol, verb } from './describe.js';

export function renderText(plan: Plan): string {
  if (plan.changes.length === 0) return `No changes: the destination matches ${plan.commit}.\n`;
  const lines = [`Plan for ${plan.commit}: ${summaryLine(plan.summary)}.`, ''];
  for (const c of plan.changes) {
    lines.push(`  ${symbol(c).padEnd(3)} ${c.kind}/${c.key}  ${verb(c)}${c.destructive ? '  [destructive]' : ''}`);
    lines.push(`        ${c.reason}`);
    for (const f of fieldLines(c)) lines.push(`        ${f}`);
  }
  lines.push('', `${plan.steps.length} steps; observed state ${plan.observedFingerprint.slice(0, 19)}…`);
  return `${lines.join('\n')}\n`;
}

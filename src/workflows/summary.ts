/**
 * Workloads and nodes in one line each for a command's output: what a one-shot `apply` left
 * running, waiting or blocked, so nothing selected is silently dropped.
 */
import type { ItemView } from './decideAll.js';
import { describeDecision } from './decision.js';

export function itemLines(items: readonly ItemView[]): string[] {
  return items.map((v) => `${v.workflow} ${v.id}${v.wave !== undefined ? ` (wave ${v.wave})` : ''}: ${v.progress.phase}; ${describeDecision(v.decision)}`);
}

export function itemSummary(items: readonly ItemView[]): string {
  const count = (kind: string) => items.filter((v) => v.decision.kind === kind).length;
  const parts = [['done', count('done')], ['waiting', count('wait')], ['blocked', count('blocked')], ['ready to run', count('run')]].filter(([, n]) => n !== 0);
  return parts.map(([what, n]) => `${n} ${what}`).join(', ');
}

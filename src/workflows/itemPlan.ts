/**
 * Workloads and nodes in a plan: one entry per item with its phase, what remains, and the next
 * thing that happens (a step, a wait with its reason and deadline, a block with its fix). Plain
 * JSON, so saved plans, PR comments and status show the same words.
 */
import type { Activity, Decision } from './decision.js';
import type { ItemView } from './decideAll.js';
import type { ItemPart } from './module.js';

export interface ItemPlan {
  workflow: string;
  id: string;
  wave?: number;
  /** False when the desired state no longer lists it (the plan shows the way back). */
  desired: boolean;
  phase: string;
  remaining: string[];
  next: { kind: Decision['kind']; text: string; until?: string; fix?: string; slot?: string };
  bytesTotal?: number;
  bytesDone?: number;
  parts?: ItemPart[];
  file?: string;
  line?: number;
}

function nextOf(decision: Decision<Activity>): ItemPlan['next'] {
  switch (decision.kind) {
    case 'run':
      return { kind: 'run', text: decision.activity.title, ...(decision.slot ? { slot: decision.slot } : {}) };
    case 'wait':
      return { kind: 'wait', text: decision.reason, ...(decision.until !== undefined ? { until: new Date(decision.until).toISOString() } : {}) };
    case 'blocked':
      return { kind: 'blocked', text: decision.reason, fix: decision.fix };
    case 'done':
      return { kind: 'done', text: decision.reason };
  }
}

export function itemPlan(view: ItemView): ItemPlan {
  const p = view.progress;
  return {
    workflow: view.workflow, id: view.id, desired: view.desired, phase: p.phase, remaining: p.remaining, next: nextOf(view.decision),
    ...(view.wave !== undefined ? { wave: view.wave } : {}),
    ...(p.bytesTotal !== undefined ? { bytesTotal: p.bytesTotal } : {}),
    ...(p.bytesDone !== undefined ? { bytesDone: p.bytesDone } : {}),
    ...(p.parts?.length ? { parts: p.parts } : {}),
    ...(view.file ? { file: view.file } : {}), ...(view.line ? { line: view.line } : {}),
  };
}

/** Counts by what happens next, for summaries. */
export function itemCounts(items: readonly ItemPlan[]): Record<ItemPlan['next']['kind'], number> {
  const counts = { run: 0, wait: 0, blocked: 0, done: 0 };
  for (const item of items) counts[item.next.kind]++;
  return counts;
}

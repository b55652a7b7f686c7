/**
 * The planner's entry point: desired items × observed destination → Plan. Pure: every input is
 * an argument, nothing is fetched.
 */
import { kinds as registry, type KindRegistry } from '../resources/index.js';
import type { DesiredItem, ObservedItem } from '../resources/types.js';
import { decideChanges } from './changes.js';
import type { SourceImages } from './desiredItems.js';
import { observedFingerprint } from './fingerprint.js';
import { type ObservedState, PLAN_FORMAT, type Plan, type PlanNote, type PlanPolicy, type PlanSummary } from './model.js';
import { buildSteps } from './steps.js';

export interface PlanInput {
  commit: string;
  desired: DesiredItem[];
  observed: ObservedState;
  policy: PlanPolicy;
  sourceImages?: SourceImages;
  /** The kinds to plan (default: every registered kind). */
  kinds?: KindRegistry;
}

export function planInfra(input: PlanInput): Plan {
  const kinds = input.kinds ?? registry;
  const { desired, notes } = fitToDestination(input.desired, input.observed, kinds);
  const decisions = decideChanges(desired, input.observed.items, input.policy, kinds);
  const steps = buildSteps(decisions, input.observed.items, kinds);
  const changes = decisions
    .map((d) => d.change)
    .sort((a, b) => kinds.get(a.kind).order - kinds.get(b.kind).order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, needsConfirmation: 0, conflicts: 0 };
  for (const c of changes) {
    if (c.conflict) summary.conflicts++;
    else if (c.needsConfirmation) summary.needsConfirmation++;
    else summary[c.action]++;
  }
  return {
    format: PLAN_FORMAT,
    commit: input.commit,
    observedFingerprint: observedFingerprint(input.observed, input.sourceImages),
    changes,
    steps,
    summary,
    // Workloads and nodes are decided by their workflows (src/workflows/preview.ts), not here.
    items: [],
    notes,
  };
}

/** Each kind keeps what the destination can take of its desired specs and says what it cannot. */
function fitToDestination(desired: DesiredItem[], observed: ObservedState, kinds: KindRegistry): { desired: DesiredItem[]; notes: PlanNote[] } {
  const byKey = new Map<string, ObservedItem[]>();
  for (const o of observed.items) byKey.set(`${o.kind}/${o.key}`, [...(byKey.get(`${o.kind}/${o.key}`) ?? []), o]);
  const observedOf = (kind: string, key: string) => byKey.get(`${kind}/${key}`) ?? [];
  const notes: PlanNote[] = [];
  const fitted = desired.map((d) => {
    const fit = kinds.get(d.kind).fitToDestination?.(d, observedOf);
    if (!fit) return d;
    for (const note of fit.notes) notes.push({ kind: d.kind, key: d.key, note, ...(d.file ? { file: d.file } : {}), ...(d.line ? { line: d.line } : {}) });
    return { ...d, spec: fit.spec };
  });
  return { desired: fitted, notes };
}

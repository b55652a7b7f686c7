/**
 * The planner's entry point: desired items × observed destination → Plan. Pure: every input is
 * an argument, nothing is fetched.
 */
import { kindByName } from '../resources/index.js';
import type { DesiredItem } from '../resources/types.js';
import { decideChanges } from './changes.js';
import type { SourceImages } from './desiredItems.js';
import { observedFingerprint } from './fingerprint.js';
import { type ObservedState, PLAN_FORMAT, type Plan, type PlanPolicy, type PlanSummary } from './model.js';
import { buildSteps } from './steps.js';

export interface PlanInput {
  commit: string;
  desired: DesiredItem[];
  observed: ObservedState;
  policy: PlanPolicy;
  sourceImages?: SourceImages;
}

export function planInfra(input: PlanInput): Plan {
  const decisions = decideChanges(input.desired, input.observed.items, input.policy);
  const steps = buildSteps(decisions, input.observed.items);
  const changes = decisions
    .map((d) => d.change)
    .sort((a, b) => kindByName[a.kind].order - kindByName[b.kind].order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
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
  };
}

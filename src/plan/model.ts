/**
 * A plan: what a commit asks of the destination, as resource-level changes (for people) and an
 * ordered DAG of idempotent steps (for the executor). It is plain JSON so `plan --out` can save
 * it and `apply --plan` can refuse it when the destination moved on since (observedFingerprint).
 */
import type { Action, Change, InfraKind, ObservedItem, Spec } from '../resources/types.js';
import type { ItemPlan } from '../workflows/itemPlan.js';

/** Format 2 added `items` (workloads and nodes). */
export const PLAN_FORMAT = 'stackshift-plan/2';

/** create, update, delete, or an action a kind adds for its follow-up steps (a router's 'routes'). */
export type StepAction = 'create' | 'update' | 'delete' | (string & {});

export interface Step {
  /** `<action>:<kind>/<key>`, unique in a plan. */
  id: string;
  kind: InfraKind;
  key: string;
  action: StepAction;
  /** Step ids that must succeed first. */
  dependsOn: string[];
  /** The desired spec (create, update, routes); for delete, the spec observed. */
  spec?: Spec;
  /** For update: the fields that differ. */
  fields?: string[];
  /** For update and delete: the destination ID observed when planning. */
  targetId?: string;
  /** Deletes something (delete, or the first half of a replace). */
  destructive: boolean;
  /** Half of a replace (delete then create). */
  replace?: boolean;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  needsConfirmation: number;
  conflicts: number;
}

/** Part of a desired resource the destination cannot take as written: planned without it, said here. */
export interface PlanNote {
  kind: InfraKind;
  key: string;
  note: string;
  file?: string;
  line?: number;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  /** The desired-state commit (or directory label) this plan was computed for. */
  commit: string;
  /** sha256 of the observed destination (and source image identities) it was computed against. */
  observedFingerprint: string;
  changes: Change[];
  steps: Step[];
  summary: PlanSummary;
  /** Per workload and per node: where it stands and what happens next (never silently dropped). */
  items: ItemPlan[];
  /** What is not kept from the source, and why (absent in plans saved before notes existed). */
  notes?: PlanNote[];
}

/** The destination as observed, normalised by each kind's fromObserved. */
export interface ObservedState {
  items: ObservedItem[];
}

export interface PlanPolicy {
  /** Delete managed resources the desired state no longer lists (otherwise: needs confirmation). */
  prune: boolean;
  /** `<kind>/<key>` of resources a `delete-destination-resource` confirmation allows deleting. */
  confirmed?: string[];
  /** `<kind>/<key>` of same-named destination resources without the marker that may be taken over (policy.adopt). */
  adopt?: string[];
}

/** True when applying the plan would change nothing (confirmations and conflicts need people). */
export function isEmptyPlan(plan: Plan): boolean {
  return plan.steps.length === 0;
}

export function stepId(action: StepAction, kind: InfraKind, key: string): string {
  return `${action}:${kind}/${key}`;
}

export type { Action, Change };

/**
 * What a workflow's `decide` answers for one item (a workload, a node) at one instant. Pure data,
 * so deciders are tested as given/when/then tables and `plan` can show the answer without
 * acting on it:
 *   run      the next activity (one idempotent, abortable, checkpointed step), maybe needing a slot
 *   wait     nothing to do until a time (a window opens) or an event (a wave finishes); says why
 *   blocked  cannot go on without a person; says why and what to do
 *   done     the item is where the desired state wants it
 */

/** One step of a workflow. `type` names the step kind (one executor file each). */
export interface Activity {
  type: string;
  /** What it does, for plans, logs and status ("copy volume db-data (20 GiB)"). */
  title: string;
  [field: string]: unknown;
}

export type Decision<A extends Activity = Activity> =
  | { kind: 'run'; activity: A; slot?: string }
  | { kind: 'wait'; reason: string; until?: number; retry?: true }
  | { kind: 'blocked'; reason: string; fix: string }
  | { kind: 'done'; reason: string };

export const run = <A extends Activity>(activity: A, slot?: string): Decision<A> => (slot ? { kind: 'run', activity, slot } : { kind: 'run', activity });
export const wait = (reason: string, until?: number): Decision<never> => (until === undefined ? { kind: 'wait', reason } : { kind: 'wait', reason, until });
/** A failed step's backoff: a one-shot `apply` sits a short one out instead of leaving it to the daemon. */
export const retryWait = (reason: string, until: number): Decision<never> => ({ kind: 'wait', reason, until, retry: true });
export const blocked = (reason: string, fix: string): Decision<never> => ({ kind: 'blocked', reason, fix });
export const done = (reason: string): Decision<never> => ({ kind: 'done', reason });

/** A decision as one line for a person. */
export function describeDecision(decision: Decision): string {
  switch (decision.kind) {
    case 'run':
      return decision.activity.title;
    case 'wait':
      return decision.until === undefined ? `waiting: ${decision.reason}` : `waiting until ${new Date(decision.until).toISOString()}: ${decision.reason}`;
    case 'blocked':
      return `blocked: ${decision.reason} (${decision.fix})`;
    case 'done':
      return decision.reason;
  }
}

/**
 * A workflow module: everything about one family of long-running items (workload migration,
 * node reclaim) in one place, as emmett's deciders and workflows are. The item's stream
 * (`<prefix><id>`) is its inbox and its outbox: `evolve` folds it into state, `decide` picks the
 * next step from that state and the desired spec, `execute` runs one step and records what it did.
 * Resume after a crash is the same fold and the same decide; nothing else is remembered.
 *
 * Adding a family is one module file (plus its step files) and one line in registry.ts; the
 * runner, the plan and the status know no family by name.
 */
import type { ConfirmationAction, DesiredState } from '../desired/model.js';
import type { StoredEvent } from '../events/store.js';
import type { Clock } from '../ports.js';
import type { Activity, Decision } from './decision.js';
import type { BandwidthBudget } from './bandwidth.js';

/** What the desired state asks of one item. */
export interface DesiredItem<D> {
  /** Stream id suffix and display name: the workload's server name, the node's host. */
  id: string;
  spec: D;
  /** Items of wave N start once every item of lower waves is done (absent = no ordering). */
  wave?: number;
  /** Streams of other families' items that must be done before this one starts (a node waits for the workloads on it). */
  after?: string[];
  file?: string;
  line?: number;
}

/** The world as decide sees it: time as data, the commit being reconciled. */
export interface DecideInput<D> {
  /** The item's id (a workload's server name, a node's host): known even once deselected. */
  id?: string;
  /** Undefined when the item is no longer desired (deselected, reverted). */
  desired: D | undefined;
  now: number;
  commit: string;
  /** Whether stackshift.yaml's policy.confirmations allow this irreversible action on this target. */
  confirmed?: (action: ConfirmationAction, target: string) => boolean;
}

/** Where an item stands, for plans and status (derived from state, never stored). */
export interface ItemProgress {
  phase: string;
  /** Phases still ahead, in order. */
  remaining: string[];
  /** Whether the item has left its initial phase (wave gates no longer hold it back). */
  started: boolean;
  bytesTotal?: number;
  bytesDone?: number;
  /** The item's parts with their own sizes (a workload's volumes), for one plan line each. */
  parts?: ItemPart[];
}

export interface ItemPart {
  name: string;
  bytesTotal: number;
  bytesDone: number;
  /** What happens to it, in a few words ("boot volume, type ssd", "created empty"). */
  note?: string;
}

/** What an executing step may use: its own abort signal and a way to record facts. */
export interface ActivityContext<S, P, D = unknown> {
  /** The item: its id and what the desired state asks of it (undefined once deselected). */
  id: string;
  desired: D | undefined;
  signal: AbortSignal;
  commit: string;
  clock: Clock;
  /** The budget every transfer shares (transfer.totalBandwidthMbps): take bytes before sending them. */
  bandwidth: BandwidthBudget;
  ports: P;
  /** The item's state, current with every recorded event. */
  state(): S;
  /**
   * Appends past-tense facts to the item's stream, checked against the version this step
   * started from (E_WRONG_EXPECTED_VERSION if another runner moved the item: the step stops).
   */
  record(events: Array<{ type: string; data: Record<string, unknown> }>): Promise<void>;
  log(line: string): void;
}

export interface WorkflowModule<S = unknown, D = unknown, A extends Activity = Activity, P = unknown> {
  /** Family name: 'workload', 'node'. */
  name: string;
  /** Prefix of generic event types on its streams: 'Workload' → WorkloadWaiting, WorkloadBlocked... */
  entity: string;
  /** Stream prefix, e.g. 'workload:'. */
  streamPrefix: string;
  desired(state: DesiredState): DesiredItem<D>[];
  initialState(): S;
  evolve(state: S, event: StoredEvent): S;
  decide(state: S, input: DecideInput<D>): Decision<A>;
  /** `now`: the decision's instant, for ages ("last pass 2 h ago"). */
  progress(state: S, desired: D | undefined, now?: number): ItemProgress;
  execute(activity: A, ctx: ActivityContext<S, P, D>): Promise<void>;
}

/** A module with its types erased, as the runner and the registry hold it. */
export type AnyWorkflowModule = WorkflowModule<any, any, any, any>;

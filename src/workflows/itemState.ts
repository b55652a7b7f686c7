/**
 * The state of one workflow item: the module's own state plus what every workflow shares —
 * the stream version (for expected-version appends), the last notice recorded (so a wait or a
 * block is written once, not on every tick), the step in flight when the log ends (a crash),
 * and the last failure (for backoff, or a block until the next commit).
 *
 * Generic event types are the module's entity followed by one of these suffixes, e.g.
 * WorkloadActivityStarted, NodeBlocked (see events/catalog.ts).
 */
import type { StoredEvent } from '../events/store.js';
import type { AnyWorkflowModule } from './module.js';

export const GENERIC_SUFFIXES = ['ActivityStarted', 'ActivityCompleted', 'ActivityFailed', 'ActivityStopped', 'Waiting', 'Blocked', 'Done'] as const;
export type GenericSuffix = (typeof GENERIC_SUFFIXES)[number];

export interface Notice {
  kind: 'wait' | 'blocked' | 'done';
  reason: string;
  until?: number;
}

export interface Failure {
  activity: string;
  /** Consecutive failures of this step. */
  attempts: number;
  retry: 'never' | 'later' | 'backoff';
  retryAt?: number;
  message: string;
  hint?: string;
  /** The commit being reconciled when it failed: a terminal failure blocks until another commit. */
  commit: string | null;
}

export interface ItemState<S> {
  domain: S;
  /** Version of the last event folded (-1: empty stream). */
  version: number;
  notice?: Notice;
  /** A step started and not finished: after a crash, decide runs it again (it is idempotent). */
  inFlight?: { activity: string; since: string };
  failure?: Failure;
  /** Time of the first and last event, for durations. */
  firstAt?: string;
  lastAt?: string;
}

export function initialItemState<S>(module: AnyWorkflowModule): ItemState<S> {
  return { domain: module.initialState() as S, version: -1 };
}

function suffixOf(module: AnyWorkflowModule, type: string): GenericSuffix | undefined {
  if (!type.startsWith(module.entity)) return undefined;
  const rest = type.slice(module.entity.length);
  return (GENERIC_SUFFIXES as readonly string[]).includes(rest) ? (rest as GenericSuffix) : undefined;
}

/** Folds one event (pure: returns a new state). */
export function evolveItem<S>(module: AnyWorkflowModule, state: ItemState<S>, event: StoredEvent): ItemState<S> {
  const next: ItemState<S> = { ...state, version: event.version, firstAt: state.firstAt ?? event.time, lastAt: event.time };
  const d = event.data;
  switch (suffixOf(module, event.type)) {
    case 'ActivityStarted':
      next.inFlight = { activity: String(d.activity), since: event.time };
      return next;
    case 'ActivityCompleted':
      delete next.inFlight;
      delete next.failure;
      return next;
    case 'ActivityStopped':
      delete next.inFlight;
      return next;
    case 'ActivityFailed': {
      delete next.inFlight;
      const error = (d.error ?? {}) as Record<string, unknown>;
      const same = state.failure?.activity === d.activity;
      const retry = error.retry === 'later' || error.retry === 'backoff' ? error.retry : 'never';
      next.failure = {
        activity: String(d.activity), attempts: (same ? state.failure!.attempts : 0) + 1, retry,
        message: String(error.message ?? 'failed'), commit: event.commit,
        ...(typeof d.retryAt === 'number' ? { retryAt: d.retryAt } : {}),
        ...(typeof error.hint === 'string' ? { hint: error.hint } : {}),
      };
      return next;
    }
    case 'Waiting':
    case 'Blocked':
    case 'Done': {
      const kind = event.type.endsWith('Waiting') ? 'wait' : event.type.endsWith('Blocked') ? 'blocked' : 'done';
      next.notice = { kind, reason: String(d.reason ?? ''), ...(typeof d.until === 'number' ? { until: d.until } : {}) };
      return next;
    }
    default:
      // A domain fact: the module folds it; a fact recorded by a step also means progress, so
      // earlier failures no longer count toward the backoff (a step that fails once per disk of
      // ten waits 10 s each time, not up to ten minutes).
      next.domain = module.evolve(state.domain, event) as S;
      if (next.failure && next.failure.retry !== 'never') delete next.failure;
      return next;
  }
}

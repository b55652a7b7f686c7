/**
 * The status projection: a fold of the event log into read models. Pure and deterministic (no
 * I/O, no clock); `applyEvent` updates the model it is given in place, because folding a long log
 * by copying would cost a copy per event. Events it does not know only move `position`.
 *
 * Streams decide what an event is about (DESIGN.md §Events): `resource:<kind>/<name>`,
 * `workload:<id>`, `volume:<name>`, `node:<host>`; `commit:<sha>` carries commit-level events.
 */
import { effectOf } from '../events/catalog.js';
import type { StoredEvent } from '../events/store.js';
import { failureCondition, failureMessage, type Condition, type ObjectStatus } from './conditions.js';

export interface CommitStatus {
  /** Newest commit the loop saw on the branch. */
  lastObserved: string | null;
  /** Newest commit a plan was computed for. */
  lastAttempted: string | null;
  /** Newest commit fully applied; the clouds match it. */
  lastApplied: string | null;
  lastAppliedAt: string | null;
  /** Newest commit whose desired state did not validate, with its problem count. */
  lastRejected: { commit: string; problems: number; at: string } | null;
  lastDrift: { commit: string; at: string } | null;
  /** Changes of the last applied commit that wait for a person (confirmations, name conflicts). */
  pending: number;
}

export interface StatusModel {
  /** Position of the last event folded in; -1 before any. */
  position: number;
  commits: CommitStatus;
  resources: Record<string, ObjectStatus>;
  workloads: Record<string, ObjectStatus>;
  /** Detached volumes (snapshots/detached_volumes.yml), by name. */
  volumes: Record<string, ObjectStatus>;
  nodes: Record<string, ObjectStatus>;
}

export function initialStatus(): StatusModel {
  return {
    position: -1,
    commits: { lastObserved: null, lastAttempted: null, lastApplied: null, lastAppliedAt: null, lastRejected: null, lastDrift: null, pending: 0 },
    resources: {},
    workloads: {},
    volumes: {},
    nodes: {},
  };
}

function commitOf(event: StoredEvent): string | null {
  if (event.commit) return event.commit;
  if (typeof event.data.commit === 'string') return event.data.commit;
  return event.stream.startsWith('commit:') ? event.stream.slice('commit:'.length) : null;
}

function applyCommitEvent(commits: CommitStatus, event: StoredEvent): void {
  const commit = commitOf(event);
  if (commit === null) return;
  switch (event.type) {
    case 'CommitObserved':
      commits.lastObserved = commit;
      break;
    case 'PlanComputed':
      commits.lastAttempted = commit;
      break;
    case 'DesiredStateRejected': {
      const problems = Array.isArray(event.data.problems) ? event.data.problems.length : 0;
      commits.lastRejected = { commit, problems, at: event.time };
      break;
    }
    case 'CommitApplied':
      commits.lastApplied = commit;
      commits.lastAppliedAt = event.time;
      commits.pending = typeof event.data.pending === 'number' ? event.data.pending : 0;
      break;
    case 'DriftDetected':
      commits.lastDrift = { commit, at: event.time };
      break;
  }
}

function applyObjectEvent(previous: ObjectStatus | undefined, event: StoredEvent): ObjectStatus {
  const failures = previous?.failures ?? 0;
  const base = { lastEvent: event.type, since: event.time, commit: commitOf(event), reason: event.type };
  const reasonText = typeof event.data.reason === 'string' ? event.data.reason : undefined;
  switch (effectOf(event.type, event.stream)) {
    case 'failed': {
      const message = failureMessage(event.data);
      return { ...base, condition: failureCondition(event.data), failures: failures + 1, ...(message ? { message } : {}) };
    }
    case 'started':
    case 'progressed':
      return { ...base, condition: 'Reconciling', failures };
    case 'waiting':
      return { ...base, condition: 'Reconciling', failures, ...(reasonText ? { message: reasonText } : {}) };
    case 'blocked': {
      const fix = typeof event.data.fix === 'string' ? event.data.fix : undefined;
      return { ...base, condition: 'Stalled', failures, ...(reasonText ? { message: fix ? `${reasonText} (${fix})` : reasonText } : {}) };
    }
    case 'deleted':
      return { ...base, condition: 'Ready', failures: 0, ...(event.stream.startsWith('resource:') ? { deleted: true } : {}) };
    case 'succeeded':
    case 'done':
      return { ...base, condition: 'Ready', failures: 0, ...(reasonText ? { message: reasonText } : {}) };
    case 'fact':
      return previous ? { ...previous, lastEvent: event.type, since: event.time } : { ...base, condition: 'Ready', failures: 0 };
  }
}

const OBJECT_STREAMS = [
  ['resource:', 'resources'],
  ['workload:', 'workloads'],
  ['volume:', 'volumes'],
  ['node:', 'nodes'],
] as const;

/** Folds one event into the model (in place) and returns the model. */
export function applyEvent(model: StatusModel, event: StoredEvent): StatusModel {
  model.position = event.position;
  if (event.stream.startsWith('commit:') || event.type.startsWith('Commit') || event.type === 'PlanComputed') {
    applyCommitEvent(model.commits, event);
  }
  for (const [prefix, table] of OBJECT_STREAMS) {
    if (event.stream.startsWith(prefix)) {
      const key = event.stream.slice(prefix.length);
      model[table][key] = applyObjectEvent(model[table][key], event);
    }
  }
  return model;
}

/** The estate in one word: Stalled if anything is, Reconciling until the newest commit is applied. */
export function overallCondition(model: StatusModel): Condition {
  const all = [...Object.values(model.resources), ...Object.values(model.workloads), ...Object.values(model.volumes), ...Object.values(model.nodes)];
  if (all.some((s) => s.condition === 'Stalled')) return 'Stalled';
  const { lastObserved, lastApplied, lastRejected } = model.commits;
  if (lastObserved !== null && lastRejected?.commit === lastObserved) return 'Stalled';
  if (lastObserved !== null && lastObserved !== lastApplied) return 'Reconciling';
  if (all.some((s) => s.condition === 'Reconciling')) return 'Reconciling';
  // Changes waiting for a confirmation are not Ready: the clouds do not match the commit yet.
  return model.commits.pending > 0 ? 'Stalled' : 'Ready';
}

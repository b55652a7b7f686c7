/**
 * The event catalogue: every event type stackshift writes, the shape of its data, and what it
 * means for the object it is about. Producers build events through these types and projections
 * (status, resume, history) read meaning from `effectOf`, so a new event cannot change an
 * object's condition by an accident of its name.
 *
 * Streams: `commit:<sha>` (passes), `resource:<kind>/<key>` (infrastructure steps),
 * `workload:<server>`, `volume:<name>` and `node:<host>` (workflow items; see src/workflows/).
 */
import { GENERIC_SUFFIXES, type GenericSuffix } from '../workflows/itemState.js';

/** Error data as events carry it (see errorEventData in src/errors.ts). */
export interface ErrorData {
  code: string;
  message: string;
  hint?: string;
  retry: 'never' | 'later' | 'backoff';
  requeueAfterMs?: number;
  [detail: string]: unknown;
}

/** Events on `commit:<sha>`. */
export interface CommitEvents {
  /** `savedPlan`: `apply --plan` applies a plan saved earlier. */
  CommitObserved: { reason: 'commit' | 'drift' | 'resume'; repo: string; savedPlan?: boolean };
  DesiredStateRejected: { problems: Array<Record<string, unknown>> };
  PlanComputed: Record<string, unknown>;
  DriftDetected: { steps: number; summary: unknown };
  /** The infrastructure matches the commit; `pending` changes wait for a person (confirmations, conflicts). */
  CommitApplied: { steps: number; changes: number; pending: number; completed?: number; failed?: number; skipped?: number };
  CommitApplyFailed: { stage?: string; error?: ErrorData; steps?: number; failedSteps?: string[] };
  CommitApplyStopped: { steps: number; completed: number; failed: number; skipped: number };
}

/** Events on `resource:<kind>/<key>`. */
export interface ResourceEvents {
  StepStarted: { step: string; action: string; kind: string; key: string; targetId?: string };
  ResourceCreated: { step: string; id: string; found?: boolean; requestId?: string };
  ResourceUpdated: { step: string; id: string };
  ResourceDeleted: { step: string; id: string };
  ImageDataCopied: Record<string, unknown>;
  StepFailed: { step: string; attempts: number; error: ErrorData };
  /** The pass was stopped while the step moved data; the next pass does it again. */
  StepStopped: { step: string; reason: string };
}

/** What an event means for the object its stream is about. */
export type Effect = 'started' | 'progressed' | 'succeeded' | 'deleted' | 'failed' | 'waiting' | 'blocked' | 'done' | 'fact';

const EFFECTS: Record<string, Effect> = {
  StepStarted: 'started',
  ResourceCreated: 'succeeded',
  ResourceUpdated: 'succeeded',
  ResourceDeleted: 'deleted',
  ImageDataCopied: 'progressed',
  StepFailed: 'failed',
  StepStopped: 'waiting',
};

const GENERIC_EFFECTS: Record<GenericSuffix, Effect> = {
  ActivityStarted: 'started',
  ActivityCompleted: 'progressed',
  ActivityFailed: 'failed',
  ActivityStopped: 'waiting',
  Waiting: 'waiting',
  Blocked: 'blocked',
  Done: 'done',
};

/** The effect of an event type on its object; a workflow's own facts are progress. */
export function effectOf(type: string, stream: string): Effect {
  const known = EFFECTS[type];
  if (known) return known;
  if (stream.startsWith('workload:') || stream.startsWith('volume:') || stream.startsWith('node:')) {
    const suffix = GENERIC_SUFFIXES.find((s) => type.endsWith(s));
    return suffix ? GENERIC_EFFECTS[suffix] : 'progressed';
  }
  return 'fact';
}

/** A commit-stream event, typed by the catalogue. */
export function commitEvent<T extends keyof CommitEvents>(type: T, data: CommitEvents[T], commit: string) {
  return { type, data: data as unknown as Record<string, unknown>, commit };
}

/** A resource-stream event, typed by the catalogue. */
export function resourceEvent<T extends keyof ResourceEvents>(type: T, data: ResourceEvents[T]) {
  return { type, data: data as unknown as Record<string, unknown> };
}

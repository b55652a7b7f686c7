/**
 * The status vocabulary, after Flux: every object is Ready (matches the desired state),
 * Reconciling (work under way or being retried) or Stalled (cannot progress without a human).
 * `reason` is a PascalCase word (usually the event type that set it); `message` says what to do.
 */
export type Condition = 'Ready' | 'Reconciling' | 'Stalled';

/** What the log says about one resource, workload or node. */
export interface ObjectStatus {
  condition: Condition;
  reason: string;
  message?: string;
  /** Type of the last event about this object, e.g. `NodeQuiesced`: the phase it reached. */
  lastEvent: string;
  /** Time of that event (ISO-8601) and the commit that caused it. */
  since: string;
  commit: string | null;
  /** Failed steps since the object was last Ready. */
  failures: number;
  deleted?: boolean;
}

/** Event types that mean "work started", so the object is Reconciling until an outcome arrives. */
export function isStartEvent(type: string): boolean {
  return type === 'StepStarted' || type.endsWith('Started') || type.endsWith('Progressed') || type.endsWith('Requested');
}

export function isFailureEvent(type: string): boolean {
  return type === 'StepFailed' || type.endsWith('Failed');
}

/** A failure is Stalled unless the error said the loop will retry it ('later' or 'backoff'). */
export function failureCondition(data: Record<string, unknown>): Condition {
  const error = (typeof data.error === 'object' && data.error !== null ? data.error : data) as Record<string, unknown>;
  return error.retry === 'later' || error.retry === 'backoff' ? 'Reconciling' : 'Stalled';
}

export function failureMessage(data: Record<string, unknown>): string | undefined {
  const error = (typeof data.error === 'object' && data.error !== null ? data.error : data) as Record<string, unknown>;
  const message = typeof error.message === 'string' ? error.message : undefined;
  const hint = typeof error.hint === 'string' ? error.hint : undefined;
  return message && hint ? `${message} (${hint})` : (message ?? hint);
}

/**
 * What one daemon pass did, read back from the event log: the outcome, step counts, the range of
 * log positions the pass spans, and the log's head hash. Git notes and commit statuses are built
 * from this, so what Git shows is exactly what the log holds, never a second bookkeeping.
 *
 * The range runs from the pass's CommitObserved to the last event on `commit:<sha>` after it; it
 * includes the resource events of its steps and whatever the workflow runner appended meanwhile.
 */
import type { PassRecord } from '../daemon/loop.js';
import type { EventStore, StoredEvent } from '../events/store.js';

export interface PassCounts {
  /** Steps completed. */
  applied: number;
  failed: number;
  /** Steps not run because a step they need failed. */
  blocked: number;
  /** Changes waiting for a person (confirmations, name conflicts). */
  pending: number;
}

export interface PassSummary {
  commit: string;
  reason: PassRecord['reason'];
  /** The pass result, or `error` when the pass threw. */
  outcome: 'applied' | 'unchanged' | 'rejected' | 'failed' | 'stopped' | 'error';
  counts: PassCounts;
  events: { first: number; last: number } | null;
  /**
   * The hash chain's head when the summary was made (SHA-256 of the last record, hex; see
   * src/events/record.ts) and how many records it covers: a later log whose record `count - 1`
   * hashes differently, or that has fewer records, was cut or edited.
   */
  log: { headHash: string; count: number } | null;
  startedAt: string;
  finishedAt: string;
  error?: string;
}

/** The file store anchors its chain; the memory store (tests) has none. */
export interface AnchoredStore {
  headHash?(): string;
  count?(): number;
}

const terminal = new Set(['CommitApplied', 'CommitApplyFailed', 'CommitApplyStopped', 'DesiredStateRejected']);

export async function summarisePass(store: Pick<EventStore, 'readStream'> & AnchoredStore, record: PassRecord): Promise<PassSummary> {
  const events = await store.readStream(`commit:${record.commit}`);
  const start = lastIndexWhere(events, (e) => e.type === 'CommitObserved');
  const own = start < 0 ? [] : events.slice(start);
  const end = own.findLast((e) => terminal.has(e.type));
  return {
    commit: record.commit,
    reason: record.reason,
    outcome: record.error !== undefined ? 'error' : record.outcome?.result ?? 'error',
    counts: countsOf(end, record),
    events: own.length > 0 ? { first: own[0]!.position, last: own[own.length - 1]!.position } : null,
    log: store.headHash && store.count ? { headHash: store.headHash(), count: store.count() } : null,
    startedAt: new Date(record.startedAt).toISOString(),
    finishedAt: new Date(record.finishedAt).toISOString(),
    ...(record.error !== undefined ? { error: record.error } : {}),
  };
}

function countsOf(end: StoredEvent | undefined, record: PassRecord): PassCounts {
  const data = (end?.data ?? {}) as Record<string, unknown>;
  const n = (key: string) => (typeof data[key] === 'number' ? (data[key] as number) : 0);
  return {
    applied: n('completed'),
    failed: end?.type === 'CommitApplyFailed' && !('failed' in data) ? record.outcome?.failedSteps ?? 0 : n('failed'),
    blocked: n('skipped'),
    pending: n('pending') || (record.outcome?.pending ?? 0),
  };
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

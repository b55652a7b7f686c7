/**
 * Where a (re)started daemon stands, folded from the event log: the last commit applied, the
 * commit of a pass that started and never finished (the daemon crashed or was killed during it),
 * and the commits rejected as invalid (not retried until the branch moves on).
 */
import type { EventStore, StoredEvent } from '../events/store.js';

export interface ResumePoint {
  lastApplied: string | null;
  /** Commit whose pass observed it but recorded no outcome (applied or rejected). */
  inFlight: string | null;
  rejected: Set<string>;
  /** Events read (the log's length). */
  events: number;
}

export function emptyResumePoint(): ResumePoint {
  return { lastApplied: null, inFlight: null, rejected: new Set(), events: 0 };
}

function commitOf(event: StoredEvent): string | null {
  if (event.commit) return event.commit;
  return event.stream.startsWith('commit:') ? event.stream.slice('commit:'.length) : null;
}

/** Pure step of the fold, so the same projection can be fed by a subscription. */
export function foldResumePoint(point: ResumePoint, event: StoredEvent): ResumePoint {
  point.events++;
  const commit = commitOf(event);
  if (commit === null) return point;
  switch (event.type) {
    case 'CommitObserved':
      point.inFlight = commit;
      break;
    case 'CommitApplied':
      point.lastApplied = commit;
      point.rejected.delete(commit);
      if (point.inFlight === commit) point.inFlight = null;
      break;
    case 'CommitApplyFailed': // the pass ended; a stopped one (CommitApplyStopped) is resumed
      if (point.inFlight === commit) point.inFlight = null;
      break;
    case 'DesiredStateRejected':
      point.rejected.add(commit);
      if (point.inFlight === commit) point.inFlight = null;
      break;
  }
  return point;
}

/**
 * Folds the commit-level events only: with a store that indexes streams, just the `commit:`
 * streams are read (merged in log order), so a log of millions of transfer-progress events
 * costs a start-up nothing; a plain event source is read whole.
 */
export async function readResumePoint(store: Pick<EventStore, 'readAll'> & Partial<Pick<EventStore, 'readStream' | 'streamNames'>>): Promise<ResumePoint> {
  const point = emptyResumePoint();
  if (store.streamNames && store.readStream) {
    const events: StoredEvent[] = [];
    for (const stream of await store.streamNames('commit:')) events.push(...(await store.readStream(stream)));
    events.sort((a, b) => a.position - b.position);
    for (const event of events) foldResumePoint(point, event);
    return point;
  }
  for await (const event of store.readAll()) foldResumePoint(point, event);
  return point;
}

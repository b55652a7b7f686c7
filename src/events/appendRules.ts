/**
 * The rules every backend applies to an append, written once so the backends cannot drift:
 * input validation, the expected-version check, and idempotency by event id.
 */
import { randomUUID } from 'node:crypto';
import { codes, StackshiftError } from '../errors.js';
import type { AppendResult, ExpectedVersion, NewEvent, StoredEvent } from './store.js';

/** What a backend knows about its streams while deciding one append. */
export interface StreamView {
  /** Version of the stream's last event, -1 when the stream has none. */
  version(stream: string): number;
  /** The stored event at a version, or undefined. */
  eventAt(stream: string, version: number): Promise<StoredEvent | undefined>;
  /** Where a recently appended id went, if the backend still remembers it. */
  recentId(id: string): { stream: string; version: number } | undefined;
}

export type AppendDecision = { kind: 'append'; firstVersion: number } | { kind: 'duplicate'; result: AppendResult };

export function validateAppend(stream: string, events: NewEvent[]): void {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new StackshiftError(codes.INTERNAL, 'an event stream name must be a non-empty string');
  }
  for (const event of events) {
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new StackshiftError(codes.INTERNAL, `an event appended to '${stream}' has no type`);
    }
    if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) {
      throw new StackshiftError(codes.INTERNAL, `event ${event.type} appended to '${stream}' must carry an object as data`);
    }
  }
}

export function conflict(stream: string, expected: ExpectedVersion, actual: number): StackshiftError {
  const shown = (v: number) => (v < 0 ? 'no stream' : `version ${v}`);
  const wanted = typeof expected === 'number' ? shown(expected) : expected.replace('_', ' ');
  return new StackshiftError(
    codes.WRONG_EXPECTED_VERSION,
    `stream '${stream}' is at ${shown(actual)}, the append expected ${wanted}`,
    {
      hint: 'another writer appended first: read the stream again, decide again, and retry',
      data: { stream, expectedVersion: expected, actualVersion: actual },
      retry: 'backoff',
    },
  );
}

/** Checks the stored events from `version` on carry the new events' ids, in order. */
async function storedMatch(view: StreamView, stream: string, version: number, events: NewEvent[]): Promise<AppendResult | undefined> {
  let last: StoredEvent | undefined;
  for (const [i, event] of events.entries()) {
    last = await view.eventAt(stream, version + i);
    if (last === undefined || last.id !== event.id) return undefined;
  }
  return last && { nextExpectedVersion: last.version, lastPosition: last.position };
}

export async function decideAppend(
  view: StreamView,
  stream: string,
  events: NewEvent[],
  expected: ExpectedVersion,
): Promise<AppendDecision> {
  const current = view.version(stream);
  const allHaveIds = events.length > 0 && events.every((e) => typeof e.id === 'string' && e.id.length > 0);
  if (typeof expected === 'number' || expected === 'no_stream') {
    const base = expected === 'no_stream' ? -1 : expected;
    if (current === base) return { kind: 'append', firstVersion: current + 1 };
    if (allHaveIds && current > base) {
      const same = await storedMatch(view, stream, base + 1, events);
      if (same) return { kind: 'duplicate', result: same };
    }
    throw conflict(stream, expected, current);
  }
  if (expected === 'stream_exists' && current < 0) throw conflict(stream, expected, current);
  if (allHaveIds) {
    const seen = view.recentId(events[0]!.id!);
    if (seen && seen.stream === stream) {
      const same = await storedMatch(view, stream, seen.version, events);
      if (same) return { kind: 'duplicate', result: same };
      throw new StackshiftError(
        codes.WRONG_EXPECTED_VERSION,
        `event ${events[0]!.id} is already in stream '${stream}' at version ${seen.version}, followed by different events`,
        { hint: 'a retried append must resend exactly the same events', data: { stream, id: events[0]!.id } },
      );
    }
  }
  return { kind: 'append', firstVersion: current + 1 };
}

/** Stamps new events with their identity, place and time; pure apart from the default id. */
export function toStored(
  stream: string,
  events: NewEvent[],
  firstVersion: number,
  firstPosition: number,
  time: string,
): StoredEvent[] {
  return events.map((event, i) => ({
    id: event.id && event.id.length > 0 ? event.id : randomUUID(),
    stream,
    type: event.type,
    version: firstVersion + i,
    position: firstPosition + i,
    time,
    commit: event.commit ?? null,
    data: event.data,
  }));
}

/** An append of no events only checks the expected version and reports where the stream is. */
export async function emptyAppendResult(view: StreamView, stream: string, expected: ExpectedVersion): Promise<AppendResult> {
  const current = view.version(stream);
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current < 0) ||
    (expected === 'stream_exists' && current >= 0) ||
    expected === current;
  if (!ok) throw conflict(stream, expected, current);
  const last = current < 0 ? undefined : await view.eventAt(stream, current);
  return { nextExpectedVersion: current, lastPosition: last?.position ?? -1 };
}

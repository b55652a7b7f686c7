/**
 * The in-memory backend, for tests and dry runs. Same contract as the file backend
 * (test/events/contract.ts runs against both); nothing survives the process.
 */
import { codes, StackshiftError } from '../errors.js';
import type { Clock } from '../ports.js';
import { systemClock as defaultClock } from '../systemClock.js';
import { decideAppend, emptyAppendResult, toStored, validateAppend, type StreamView } from './appendRules.js';
import type { AppendResult, EventStore, ExpectedVersion, NewEvent, StoredEvent } from './store.js';
import { CommitSignal, subscribeWith } from './subscription.js';

export function createMemoryEventStore(options: { clock?: Clock } = {}): EventStore {
  const clock = options.clock ?? defaultClock;
  const log: StoredEvent[] = [];
  const streams = new Map<string, number[]>();
  const ids = new Map<string, { stream: string; version: number }>();
  const commits = new CommitSignal();
  // Appends run one at a time, as the file backend's single writer does.
  let queue: Promise<unknown> = Promise.resolve();

  const view: StreamView = {
    version: (stream) => (streams.get(stream)?.length ?? 0) - 1,
    eventAt: async (stream, version) => {
      const position = streams.get(stream)?.[version];
      return position === undefined ? undefined : copy(log[position]!);
    },
    recentId: (id) => ids.get(id),
  };

  function assertOpen(): void {
    if (commits.closed) throw new StackshiftError(codes.INTERNAL, 'the event store is closed');
  }

  async function appendNow(stream: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    assertOpen();
    validateAppend(stream, events);
    if (events.length === 0) return emptyAppendResult(view, stream, expected);
    const decision = await decideAppend(view, stream, events, expected);
    if (decision.kind === 'duplicate') return decision.result;
    const time = new Date(clock.now()).toISOString();
    const stored = toStored(stream, structuredClone(events), decision.firstVersion, log.length, time);
    const positions = streams.get(stream) ?? [];
    for (const event of stored) {
      log.push(event);
      positions.push(event.position);
      ids.set(event.id, { stream, version: event.version });
    }
    streams.set(stream, positions);
    commits.advance(log.length);
    const last = stored[stored.length - 1]!;
    return { nextExpectedVersion: last.version, lastPosition: last.position };
  }

  async function* readAll(fromPosition = 0): AsyncIterable<StoredEvent> {
    const end = log.length;
    for (let p = Math.max(0, fromPosition); p < end; p++) yield copy(log[p]!);
  }

  return {
    append(stream, events, opts = {}) {
      const result = queue.then(() => appendNow(stream, events, opts.expectedVersion ?? 'any'));
      queue = result.catch(() => undefined);
      return result;
    },
    async readStream(stream, opts = {}) {
      assertOpen();
      const positions = streams.get(stream) ?? [];
      return positions.slice(Math.max(0, opts.fromVersion ?? 0)).map((p) => copy(log[p]!));
    },
    async streamNames(prefix) {
      assertOpen();
      return [...streams.keys()].filter((name) => name.startsWith(prefix)).sort();
    },
    readAll: (opts = {}) => readAll(opts.fromPosition),
    subscribe: (handler, opts = {}) => subscribeWith(readAll, commits, handler, opts),
    async close() {
      await queue;
      commits.close();
    },
  };
}

/** Readers get their own copy, so no caller can edit history in place. */
function copy(event: StoredEvent): StoredEvent {
  return structuredClone(event);
}

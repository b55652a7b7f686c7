/**
 * The EventStore port: an append-only log of past-tense facts, grouped into streams.
 * Two backends implement it (memoryStore.ts for tests, fileStore.ts as the embedded default)
 * and one contract suite (test/events/contract.ts) holds them to the same behaviour.
 *
 * Semantics follow KurrentDB / emmett:
 * - versions start at 0 per stream, positions at 0 for the whole log; both are dense;
 * - `append` is atomic per call and checks `expectedVersion` (optimistic concurrency), raising
 *   StackshiftError E_WRONG_EXPECTED_VERSION on a mismatch;
 * - idempotent by event id: re-appending events whose ids are already stored at those versions
 *   returns the original result and writes nothing (exact for a numeric expected version and
 *   'no_stream'; for 'any' / 'stream_exists' the check covers recent appends, as KurrentDB does);
 * - `readAll` and `subscribe` take an inclusive `fromPosition`: a consumer that checkpoints the
 *   last position it handled resumes from `checkpoint + 1`.
 *
 * The store never inspects `data`; callers must redact secrets before appending (no password,
 * token or key may ever be written to the log: it is kept forever and printed by `events tail`).
 */
export interface NewEvent {
  id?: string;
  type: string;
  data: Record<string, unknown>;
  commit?: string | null;
}

export interface StoredEvent {
  id: string;
  stream: string;
  type: string;
  version: number;
  position: number;
  /** ISO-8601 from the injected clock. */
  time: string;
  commit: string | null;
  data: Record<string, unknown>;
}

export type ExpectedVersion = number | 'any' | 'no_stream' | 'stream_exists';

export interface AppendResult {
  /** Version of the stream's last event after the append (-1 for an empty stream). */
  nextExpectedVersion: number;
  /** Position of the stream's last event after the append (-1 for an empty stream). */
  lastPosition: number;
}

export interface Subscription {
  /** Resolves when the signal aborts or the store closes; rejects if the handler throws. */
  done: Promise<void>;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], options?: { expectedVersion?: ExpectedVersion }): Promise<AppendResult>;
  readStream(stream: string, options?: { fromVersion?: number }): Promise<StoredEvent[]>;
  /** Names of the streams that start with `prefix`, sorted (e.g. every `workload:` stream). */
  streamNames(prefix: string): Promise<string[]>;
  readAll(options?: { fromPosition?: number }): AsyncIterable<StoredEvent>;
  subscribe(
    handler: (event: StoredEvent) => void | Promise<void>,
    options?: { fromPosition?: number; signal?: AbortSignal },
  ): Subscription;
  close(): Promise<void>;
}

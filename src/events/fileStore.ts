/**
 * The embedded, durable backend: a directory of segment files (see frame.ts, record.ts,
 * segments.ts) behind one writer. Appends queue up and are written by a single loop; every
 * append that arrives while an fsync is under way joins the next batch, so N concurrent
 * appenders share one write and one fdatasync (group commit). An append resolves only after its
 * batch is on disk; readers and subscribers see only acknowledged events.
 *
 * Layout: `<dir>/events/<first position>.seg` and `<dir>/events/LOCK`, where `dir` is the state
 * directory (`resolveStateDir`).
 */
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { codes, StackshiftError } from '../errors.js';
import type { Clock } from '../ports.js';
import { systemClock as defaultClock } from '../systemClock.js';
import { decideAppend, emptyAppendResult, toStored, validateAppend, type StreamView } from './appendRules.js';
import { FileIndex } from './fileIndex.js';
import { readEventAt, readEventsFrom } from './fileReads.js';
import { encodeFrame } from './frame.js';
import { acquireLock, type HeldLock } from './lockFile.js';
import { scanLog } from './logScan.js';
import { encodeRecord, recordHash } from './record.js';
import { recover } from './recovery.js';
import { DEFAULT_SEGMENT_BYTES, fsyncDir, segmentName } from './segments.js';
import { eventLogDir } from './stateDir.js';
import type { AppendResult, EventStore, ExpectedVersion, NewEvent, StoredEvent } from './store.js';
import { CommitSignal, subscribeWith } from './subscription.js';

export interface FileEventStoreOptions {
  clock?: Clock;
  /** Keep the valid prefix of a damaged log and move the rest aside, instead of refusing. */
  repair?: boolean;
  /** Size after which a new segment file starts (default 64 MiB). */
  segmentBytes?: number;
  /** Told of every batch written, for metrics. */
  observer?: EventLogObserver;
}

/** What one group commit wrote and how long the disk took (monotonic seconds, not the clock's). */
export interface EventLogObserver {
  batchWritten(batch: { appends: number; events: number; bytes: number; writeSeconds: number; syncSeconds: number }): void;
}

export interface FileEventStore extends EventStore {
  /** Directory holding the segment files. */
  readonly logDir: string;
  /** SHA-256 of the last record, hex: anchoring it elsewhere makes truncation detectable. */
  headHash(): string;
  /** Number of events in the log. */
  count(): number;
}

interface PendingAppend {
  stream: string;
  events: NewEvent[];
  expected: ExpectedVersion;
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
}

export async function openFileEventStore(dir: string, options: FileEventStoreOptions = {}): Promise<FileEventStore> {
  const clock = options.clock ?? defaultClock;
  const logDir = eventLogDir(dir);
  if ((await mkdir(logDir, { recursive: true })) !== undefined) await fsyncDir(dir);
  const lock = await acquireLock(logDir, new Date(clock.now()).toISOString());
  try {
    const index = new FileIndex();
    const scan = await scanLog(logDir, { chain: false, onRecord: (e, offset) => index.add(e.position, offset, e.stream, e.id) });
    const kept = await recover(logDir, scan, options.repair ?? false, new Date(clock.now()).toISOString());
    for (const s of scan.segments.slice(0, kept)) index.segments.push({ ...s, bytes: s.validBytes });
    if (index.segments.length === 0) await (await createSegment(logDir, index, 0)).close();
    const last = index.segments[index.segments.length - 1]!;
    const handle = await open(last.path, 'r+');
    return new FileStore(logDir, clock, index, lock, handle, scan.headHash, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES, options.observer);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function createSegment(logDir: string, index: FileIndex, firstPosition: number): Promise<FileHandle> {
  const name = segmentName(firstPosition);
  const path = join(logDir, name);
  const handle = await open(path, 'wx+');
  await handle.sync();
  await fsyncDir(logDir);
  index.segments.push({ firstPosition, path, name, bytes: 0 });
  return handle;
}

class FileStore implements FileEventStore {
  private pending: PendingAppend[] = [];
  private writing: Promise<void> | undefined;
  private failure: unknown;
  private readonly commits = new CommitSignal();

  constructor(
    readonly logDir: string,
    private readonly clock: Clock,
    private readonly index: FileIndex,
    private readonly lock: HeldLock,
    private handle: FileHandle,
    private head: Buffer,
    private readonly segmentBytes: number,
    private readonly observer?: EventLogObserver,
  ) {
    this.commits.head = index.count;
  }

  headHash(): string {
    return this.head.toString('hex');
  }

  count(): number {
    return this.index.count;
  }

  append(stream: string, events: NewEvent[], options: { expectedVersion?: ExpectedVersion } = {}): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      if (this.commits.closed) return reject(new StackshiftError(codes.INTERNAL, 'the event store is closed'));
      this.pending.push({ stream, events, expected: options.expectedVersion ?? 'any', resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) await this.commitBatch(this.pending.splice(0));
    this.writing = undefined;
  }

  private async commitBatch(batch: PendingAppend[]): Promise<void> {
    const outcomes: Array<() => void> = [];
    const fresh: StoredEvent[] = [];
    const frames: Buffer[] = [];
    let hash = this.head;
    let appends = 0;
    const view = this.batchView();
    const time = new Date(this.clock.now()).toISOString();
    for (const item of batch) {
      try {
        if (this.failure !== undefined) throw this.failure;
        validateAppend(item.stream, item.events);
        if (item.events.length === 0) {
          const result = await emptyAppendResult(view, item.stream, item.expected);
          outcomes.push(() => item.resolve(result));
          continue;
        }
        const decision = await decideAppend(view, item.stream, item.events, item.expected);
        if (decision.kind === 'duplicate') {
          outcomes.push(() => item.resolve(decision.result));
          continue;
        }
        const stored = toStored(item.stream, item.events, decision.firstVersion, this.index.count + fresh.length, time);
        for (const event of stored) {
          const payload = encodeRecord(hash, event);
          frames.push(encodeFrame(payload));
          hash = recordHash(payload);
          fresh.push(event);
          view.add(event);
        }
        appends++;
        const last = stored[stored.length - 1]!;
        outcomes.push(() => item.resolve({ nextExpectedVersion: last.version, lastPosition: last.position }));
      } catch (err) {
        outcomes.push(() => item.reject(err));
      }
    }
    if (frames.length > 0) {
      try {
        await this.write(frames, fresh, appends);
        this.head = hash;
      } catch (err) {
        // The file may now end in a partial batch: stop writing; reopening cuts it back.
        this.failure = new StackshiftError(codes.EVENT_LOG_CORRUPT, `writing the event log in ${this.logDir} failed: ${(err as Error).message}`, {
          hint: 'free disk space or fix permissions, then restart: the unacknowledged tail is cut on open',
          cause: err,
        });
        for (const item of batch) item.reject(this.failure);
        return;
      }
      this.commits.advance(this.index.count);
    }
    for (const settle of outcomes) settle();
  }

  private async write(frames: Buffer[], fresh: StoredEvent[], appends: number): Promise<void> {
    let segment = this.index.segments[this.index.segments.length - 1]!;
    if (segment.bytes >= this.segmentBytes) {
      const next = await createSegment(this.logDir, this.index, this.index.count);
      await this.handle.close();
      this.handle = next;
      segment = this.index.segments[this.index.segments.length - 1]!;
    }
    const bytes = Buffer.concat(frames);
    const startedAt = performance.now();
    for (let done = 0; done < bytes.length; ) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, segment.bytes + done);
      done += bytesWritten;
    }
    const syncAt = performance.now();
    await this.handle.datasync();
    this.tell({ appends, events: fresh.length, bytes: bytes.length, writeSeconds: (syncAt - startedAt) / 1000, syncSeconds: (performance.now() - syncAt) / 1000 });
    let offset = segment.bytes;
    for (const [i, event] of fresh.entries()) {
      this.index.add(event.position, offset, event.stream, event.id);
      offset += frames[i]!.length;
    }
    segment.bytes += bytes.length;
  }

  private tell(batch: Parameters<EventLogObserver['batchWritten']>[0]): void {
    try {
      this.observer?.batchWritten(batch);
    } catch {
      // a metric must never fail an append that is on disk
    }
  }

  /** The index plus the events accepted earlier in the batch being built. */
  private batchView(): StreamView & { add(event: StoredEvent): void } {
    const byStream = new Map<string, StoredEvent[]>();
    const byId = new Map<string, StoredEvent>();
    const inBatch = (stream: string) => byStream.get(stream) ?? [];
    return {
      add: (event) => {
        const list = byStream.get(event.stream);
        if (list) list.push(event);
        else byStream.set(event.stream, [event]);
        byId.set(event.id, event);
      },
      version: (stream) => this.index.version(stream) + inBatch(stream).length,
      eventAt: async (stream, version) => {
        const position = this.index.positionOf(stream, version);
        if (position !== undefined) return readEventAt(this.index, position);
        return inBatch(stream).find((e) => e.version === version);
      },
      recentId: (id) => {
        const e = byId.get(id);
        return e ? { stream: e.stream, version: e.version } : this.index.recentId(id);
      },
    };
  }

  async readStream(stream: string, options: { fromVersion?: number } = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    const positions = this.index.streamPositions(stream).slice(Math.max(0, options.fromVersion ?? 0));
    const events: StoredEvent[] = [];
    for (const position of positions) events.push(await readEventAt(this.index, position));
    return events;
  }

  async streamNames(prefix: string): Promise<string[]> {
    this.assertOpen();
    return this.index.streamNames(prefix);
  }

  readAll(options: { fromPosition?: number } = {}): AsyncIterable<StoredEvent> {
    this.assertOpen();
    return readEventsFrom(this.index, options.fromPosition ?? 0, this.index.count);
  }

  subscribe(handler: (event: StoredEvent) => void | Promise<void>, options: { fromPosition?: number; signal?: AbortSignal } = {}) {
    return subscribeWith((from) => readEventsFrom(this.index, from, this.index.count), this.commits, handler, options);
  }

  async close(): Promise<void> {
    if (this.commits.closed) return;
    this.commits.close();
    await this.writing;
    await this.handle.close();
    await this.lock.release();
  }

  private assertOpen(): void {
    if (this.commits.closed) throw new StackshiftError(codes.INTERNAL, 'the event store is closed');
  }
}

/**
 * One card of the migration board: a workload, detached volume or node as the event log tells it
 * (phase, bytes, rate, downtime, what it waits for or is blocked on), folded with the workflow
 * modules' own `evolve` and `progress`, so the board and the runner can never disagree on a phase.
 * Rates come from the copy's own progress events (DiskCopyProgressed), never from guessing.
 */
import type { StoredEvent } from '../events/store.js';
import { evolveItem, initialItemState, type ItemState } from '../workflows/itemState.js';
import type { AnyWorkflowModule } from '../workflows/module.js';

/** What a card shows, in the order a person asks: where is it, is it stuck, how long to go. */
export interface BoardItem {
  family: string;
  id: string;
  stream: string;
  phase: string;
  /**
   * running a step, waiting (window, wave, backoff), blocked on a person, failed, done, or idle:
   * the log does not say (between two steps, or nothing recorded yet); the runner's view then does.
   */
  state: 'running' | 'waiting' | 'blocked' | 'failed' | 'done' | 'idle';
  /** The step in flight, as its title says it ("copy volume db-data (20 GiB)"). */
  activity?: string;
  wave?: number;
  /** False once the desired state no longer selects it (known only with the runner's view). */
  desired?: boolean;
  bytesTotal?: number;
  bytesDone?: number;
  rateBytesPerSec?: number;
  etaSeconds?: number;
  downtimeMs?: number;
  reason?: string;
  fix?: string;
  until?: string;
  lastEvent?: string;
  since?: string;
  commit?: string | null;
  events: number;
}

interface DiskRate {
  rate: number;
  eta?: number;
}

/** The fold of one item's stream. */
export class ItemTrack {
  state: ItemState<unknown>;
  private readonly rates = new Map<string, DiskRate>();
  private fix: string | undefined;
  private downtimeMs: number | undefined;
  /** From the runner's notices and step starts (the log's only record of the desired wave). */
  private wave: number | undefined;
  private activity: string | undefined;
  private last: StoredEvent | undefined;
  private count = 0;
  /** Whether the item's last wait, block or done notice is newer than its last step or fact. */
  private noticeCurrent = false;

  constructor(
    readonly module: AnyWorkflowModule,
    readonly stream: string,
  ) {
    this.state = initialItemState(module);
  }

  get id(): string {
    return this.stream.slice(this.module.streamPrefix.length);
  }

  /** Bytes per second the item's copies run at now (0 when none runs). */
  get rate(): number {
    let sum = 0;
    for (const r of this.rates.values()) sum += r.rate;
    return sum;
  }

  apply(event: StoredEvent): void {
    this.state = evolveItem(this.module, this.state, event);
    this.last = event;
    this.count++;
    const d = event.data;
    const E = this.module.entity;
    // The runner's notices and step starts carry the item's wave; one without it (a deselected
    // item) is in no wave any more.
    const fromRunner = [`${E}ActivityStarted`, `${E}Waiting`, `${E}Blocked`, `${E}Done`].includes(event.type);
    if (fromRunner) this.wave = typeof d.wave === 'number' ? d.wave : undefined;
    if (event.type === 'DiskCopyProgressed' && typeof d.disk === 'string') {
      this.rates.set(d.disk, { rate: Number(d.rateBytesPerSec) || 0, ...(typeof d.etaSeconds === 'number' ? { eta: d.etaSeconds } : {}) });
    } else if (event.type === 'DiskCopied' && typeof d.disk === 'string') {
      this.rates.delete(d.disk);
    } else if (event.type === `${E}ActivityCompleted` || event.type === `${E}ActivityFailed` || event.type === `${E}ActivityStopped`) {
      this.rates.clear();
      this.activity = undefined;
    } else if (event.type === `${E}ActivityStarted`) {
      this.activity = typeof d.title === 'string' ? d.title : String(d.activity ?? '');
    } else if (event.type === 'WorkloadMigrated' && typeof d.downtimeMs === 'number') {
      this.downtimeMs = d.downtimeMs;
    }
    if (event.type === `${E}Blocked`) this.fix = typeof d.fix === 'string' ? d.fix : undefined;
    this.noticeCurrent = event.type === `${E}Waiting` || event.type === `${E}Blocked` || event.type === `${E}Done`;
  }

  /** The card from the log alone; `BoardProjection` overlays the runner's view when it has one. */
  view(): BoardItem {
    const s = this.state;
    const progress = this.module.progress(s.domain, undefined);
    const item: BoardItem = { family: this.module.name, id: this.id, stream: this.stream, phase: progress.phase, state: 'idle', events: this.count };
    if (progress.bytesTotal !== undefined) item.bytesTotal = progress.bytesTotal;
    if (progress.bytesDone !== undefined) item.bytesDone = progress.bytesDone;
    const rate = this.rate;
    if (rate > 0) {
      item.rateBytesPerSec = rate;
      const left = (item.bytesTotal ?? 0) - (item.bytesDone ?? 0);
      const etas = [...this.rates.values()].flatMap((r) => (r.eta !== undefined ? [r.eta] : []));
      if (left > 0) item.etaSeconds = Math.round(left / rate);
      else if (etas.length > 0) item.etaSeconds = Math.max(...etas);
    }
    if (this.downtimeMs !== undefined) item.downtimeMs = this.downtimeMs;
    if (this.wave !== undefined) item.wave = this.wave;
    if (s.inFlight) {
      item.state = 'running';
      item.activity = this.activity ?? s.inFlight.activity;
    } else if (s.failure && s.failure.retry === 'never') {
      item.state = 'failed';
      item.reason = s.failure.message;
      if (s.failure.hint) item.fix = s.failure.hint;
    } else if (s.notice && this.noticeCurrent) {
      item.state = s.notice.kind === 'wait' ? 'waiting' : s.notice.kind;
      item.reason = s.notice.reason;
      if (s.notice.kind === 'blocked' && this.fix) item.fix = this.fix;
      if (s.notice.until !== undefined) item.until = new Date(s.notice.until).toISOString();
    } else if (s.failure) {
      item.state = 'waiting';
      item.reason = `retrying after: ${s.failure.message}`;
      if (s.failure.retryAt !== undefined) item.until = new Date(s.failure.retryAt).toISOString();
    }
    if (this.last) {
      item.lastEvent = this.last.type;
      item.since = this.last.time;
      item.commit = this.last.commit;
    }
    return item;
  }
}

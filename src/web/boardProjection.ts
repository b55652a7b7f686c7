/**
 * The board's read model: every workflow item's card, kept current from the event log, and the
 * estate's transfer rate over time. It folds the log once at start-up, then each appended event;
 * listeners (the Server-Sent Events streams) hear of an event after it is folded, so the card
 * they send with it already includes it.
 *
 * Waves and the runner's current decisions are not in the log (the wave is the desired state's),
 * so the daemon passes `items`, the runner's last snapshot: items it knows but the log does not
 * yet (a wave 2 workload that has not started) get a card too.
 */
import type { EventStore, StoredEvent } from '../events/store.js';
import type { ItemView } from '../workflows/decideAll.js';
import type { AnyWorkflowModule } from '../workflows/module.js';
import { workflowModules } from '../workflows/registry.js';
import { ItemTrack, type BoardItem } from './boardItem.js';
import { overlayView } from './overlay.js';

/** [time in ms, bytes per second of all copies together]. */
export type RateSample = [number, number];

export type BoardListener = (event: StoredEvent, item: BoardItem | undefined, rate: RateSample | undefined) => void;

const maxSamples = 720;

export class BoardProjection {
  position = -1;
  readonly rateSeries: RateSample[] = [];
  private readonly tracks = new Map<string, ItemTrack>();
  private readonly listeners = new Set<BoardListener>();
  private totalRate = 0;
  private viewIndex: { from: readonly ItemView[]; byStream: Map<string, ItemView> } | undefined;

  constructor(
    private readonly items: () => readonly ItemView[] = () => [],
    private readonly modules: readonly AnyWorkflowModule[] = workflowModules,
  ) {}

  /** Folds the whole log, then follows it until the signal aborts. */
  static async follow(store: EventStore, options: { signal: AbortSignal; items?: () => readonly ItemView[] }): Promise<{ board: BoardProjection; done: Promise<void> }> {
    const board = new BoardProjection(options.items);
    for await (const event of store.readAll({ fromPosition: 0 })) board.apply(event);
    const sub = store.subscribe((event) => board.apply(event), { fromPosition: board.position + 1, signal: options.signal });
    return { board, done: sub.done };
  }

  apply(event: StoredEvent): void {
    if (event.position <= this.position) return;
    this.position = event.position;
    const module = this.modules.find((m) => event.stream.startsWith(m.streamPrefix));
    let track: ItemTrack | undefined;
    let sample: RateSample | undefined;
    if (module) {
      track = this.tracks.get(event.stream);
      if (!track) this.tracks.set(event.stream, (track = new ItemTrack(module, event.stream)));
      const before = track.rate;
      track.apply(event);
      if (track.rate !== before) {
        this.totalRate += track.rate - before;
        sample = this.sample(Date.parse(event.time), Math.max(0, this.totalRate));
      }
    }
    if (this.listeners.size === 0) return;
    const item = track ? this.item(event.stream) : undefined;
    for (const listener of this.listeners) listener(event, item, sample);
  }

  /** One sample per second: a burst of progress events keeps the newest. */
  private sample(time: number, rate: number): RateSample {
    const last = this.rateSeries[this.rateSeries.length - 1];
    const second = Math.floor(time / 1000) * 1000;
    if (last && last[0] === second) last[1] = rate;
    else {
      this.rateSeries.push([second, rate]);
      if (this.rateSeries.length > maxSamples) this.rateSeries.shift();
    }
    return [second, rate];
  }

  listen(listener: BoardListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One card (undefined for a stream neither the log nor the runner knows). */
  item(stream: string): BoardItem | undefined {
    const view = this.viewOf(stream);
    const track = this.tracks.get(stream);
    if (!track && !view) return undefined;
    const module = this.modules.find((m) => stream.startsWith(m.streamPrefix))!;
    return overlayView((track ?? new ItemTrack(module, stream)).view(), view);
  }

  /** The runner's view of a stream, indexed once per snapshot (events arrive many per snapshot). */
  private viewOf(stream: string): ItemView | undefined {
    const views = this.items();
    if (this.viewIndex?.from !== views) this.viewIndex = { from: views, byStream: new Map(views.map((v) => [v.stream, v])) };
    return this.viewIndex.byStream.get(stream);
  }

  /** Every card: the runner's items in its order, then items only the log knows. */
  all(): BoardItem[] {
    const views = this.items();
    const seen = new Set<string>();
    const out: BoardItem[] = [];
    for (const view of views) {
      seen.add(view.stream);
      const module = this.modules.find((m) => view.stream.startsWith(m.streamPrefix));
      if (!module) continue;
      out.push(overlayView((this.tracks.get(view.stream) ?? new ItemTrack(module, view.stream)).view(), view));
    }
    for (const [stream, track] of this.tracks) if (!seen.has(stream)) out.push(track.view());
    return out;
  }
}

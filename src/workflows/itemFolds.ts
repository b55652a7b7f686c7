/**
 * Folded item states, kept current incrementally: the folds remember the last log position they
 * have read, and each catch-up reads only the events appended since, in one sequential scan,
 * keeping those of workflow streams. A pass therefore costs the same over a log of millions of
 * transfer-progress events as over an empty one; only the first catch-up after a start reads
 * the whole log once.
 */
import type { EventStore } from '../events/store.js';
import { evolveItem, initialItemState, type ItemState } from './itemState.js';
import type { AnyWorkflowModule } from './module.js';

export type FoldSource = Pick<EventStore, 'readAll'>;

export class ItemFolds {
  private readonly states = new Map<string, ItemState<unknown>>();
  private readonly known = new Map<string, Set<string>>();
  private position = -1;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: FoldSource,
    private readonly modules: readonly AnyWorkflowModule[],
  ) {
    for (const m of modules) this.known.set(m.streamPrefix, new Set());
  }

  get(stream: string): ItemState<unknown> | undefined {
    return this.states.get(stream);
  }

  /** The state of an item, initial when its stream has no events yet. */
  stateOf(stream: string): ItemState<unknown> {
    return this.states.get(stream) ?? initialItemState(this.moduleOf(stream));
  }

  all(): ReadonlyMap<string, ItemState<unknown>> {
    return this.states;
  }

  /** Streams with history, per family prefix (deselected items are found here). */
  streams(): Map<string, string[]> {
    return new Map([...this.known.entries()].map(([prefix, set]) => [prefix, [...set].sort()]));
  }

  /** Folds every event appended since the last catch-up; concurrent calls run one after another. */
  catchUp(): Promise<void> {
    const next = this.running.then(() => this.scan());
    this.running = next.catch(() => undefined);
    return next;
  }

  private async scan(): Promise<void> {
    for await (const event of this.store.readAll({ fromPosition: this.position + 1 })) {
      this.position = event.position;
      const module = this.modules.find((m) => event.stream.startsWith(m.streamPrefix));
      if (!module) continue;
      this.known.get(module.streamPrefix)!.add(event.stream);
      this.states.set(event.stream, evolveItem(module, this.stateOf(event.stream), event));
    }
  }

  private moduleOf(stream: string): AnyWorkflowModule {
    const module = this.modules.find((m) => stream.startsWith(m.streamPrefix));
    if (!module) throw new Error(`no workflow family has streams like ${stream}`);
    return module;
  }
}

/**
 * Folded item states, kept current incrementally: each refresh reads only the events appended
 * to that item's stream since the version already folded (the store indexes streams), so a log
 * with millions of progress events costs a pass nothing once it has been folded.
 */
import type { EventStore } from '../events/store.js';
import { evolveItem, initialItemState, type ItemState } from './itemState.js';
import type { AnyWorkflowModule } from './module.js';

export type FoldSource = Pick<EventStore, 'readStream' | 'streamNames'>;

export class ItemFolds {
  private readonly states = new Map<string, ItemState<unknown>>();

  constructor(private readonly store: FoldSource) {}

  get(stream: string): ItemState<unknown> | undefined {
    return this.states.get(stream);
  }

  all(): ReadonlyMap<string, ItemState<unknown>> {
    return this.states;
  }

  async refresh(module: AnyWorkflowModule, stream: string): Promise<ItemState<unknown>> {
    let state = this.states.get(stream) ?? initialItemState(module);
    for (const event of await this.store.readStream(stream, { fromVersion: state.version + 1 })) state = evolveItem(module, state, event);
    this.states.set(stream, state);
    return state;
  }

  /** Refreshes every item of every family the log knows, and returns those streams by prefix. */
  async refreshAll(modules: readonly AnyWorkflowModule[], extra: ReadonlyMap<string, readonly string[]> = new Map()): Promise<Map<string, string[]>> {
    const known = new Map<string, string[]>();
    for (const module of modules) {
      const streams = await this.store.streamNames(module.streamPrefix);
      known.set(module.streamPrefix, streams);
      const wanted = new Set([...streams, ...(extra.get(module.streamPrefix) ?? [])]);
      for (const stream of wanted) await this.refresh(module, stream);
    }
    return known;
  }
}

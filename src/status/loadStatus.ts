/**
 * Builds the status read model from the log: start from the checkpoint if it still matches the
 * log, fold the events after it, and save a new checkpoint. `followStatus` keeps a model current
 * from live appends for the daemon, checkpointing every `checkpointEvery` events.
 */
import type { EventStore, StoredEvent } from '../events/store.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { applyEvent, initialStatus, type StatusModel } from './project.js';

export interface LoadStatusOptions {
  /** Where the checkpoint lives (`statusCheckpointPath(stateDir)`); none: always fold from 0. */
  checkpointPath?: string;
  /** Save a checkpoint after folding (default true when a path is given). */
  save?: boolean;
}

export interface LoadedStatus {
  model: StatusModel;
  /** Id of the last folded event (for the next checkpoint). */
  lastEventId: string | null;
  /** Events folded by this call; small when the checkpoint was used. */
  folded: number;
}

async function first(events: AsyncIterable<StoredEvent>): Promise<StoredEvent | undefined> {
  for await (const e of events) return e;
  return undefined;
}

export async function loadStatus(store: EventStore, options: LoadStatusOptions = {}): Promise<LoadedStatus> {
  let model = initialStatus();
  let lastEventId: string | null = null;
  const saved = options.checkpointPath ? await readCheckpoint(options.checkpointPath) : undefined;
  if (saved) {
    const atCheckpoint = await first(store.readAll({ fromPosition: saved.position }));
    if (atCheckpoint?.position === saved.position && atCheckpoint.id === saved.eventId) {
      model = saved.model;
      lastEventId = saved.eventId;
    }
  }
  let folded = 0;
  for await (const event of store.readAll({ fromPosition: model.position + 1 })) {
    applyEvent(model, event);
    lastEventId = event.id;
    folded++;
  }
  if (options.checkpointPath && (options.save ?? true) && folded > 0 && lastEventId !== null) {
    await writeCheckpoint(options.checkpointPath, { format: 1, position: model.position, eventId: lastEventId, model });
  }
  return { model, lastEventId, folded };
}

export interface FollowStatusOptions extends LoadStatusOptions {
  signal?: AbortSignal;
  checkpointEvery?: number;
  onChange?: (model: StatusModel, event: StoredEvent) => void;
}

/** Loads the model, then folds every new event as it is appended until the signal aborts. */
export async function followStatus(store: EventStore, options: FollowStatusOptions = {}): Promise<{ model: StatusModel; done: Promise<void> }> {
  const loaded = await loadStatus(store, options);
  const { model } = loaded;
  const every = options.checkpointEvery ?? 1000;
  let sinceSave = 0;
  const sub = store.subscribe(async (event) => {
    applyEvent(model, event);
    options.onChange?.(model, event);
    if (options.checkpointPath && ++sinceSave >= every) {
      sinceSave = 0;
      await writeCheckpoint(options.checkpointPath, { format: 1, position: model.position, eventId: event.id, model });
    }
  }, { fromPosition: model.position + 1, ...(options.signal ? { signal: options.signal } : {}) });
  return { model, done: sub.done };
}

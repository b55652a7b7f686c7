/**
 * What the event log says stackshift created and has not deleted since, for kinds that carry no
 * marker of their own in the cloud (keypairs). A projection kept per event store and caught up
 * incrementally: each plan reads only the events appended since the last one, so a daemon's
 * passes cost the same over a log of millions of progress events as over an empty one.
 */
import type { EventStore } from '../events/store.js';

interface Inventory {
  position: number;
  owned: Set<string>;
  catching: Promise<void>;
}

const PREFIX = 'resource:keypair/';
// One projection per store object: the daemon's store lives across passes, a CLI's for one plan.
const inventories = new WeakMap<object, Inventory>();

export async function ownedKeypairs(store: Pick<EventStore, 'readAll'>): Promise<Set<string>> {
  let inventory = inventories.get(store);
  if (!inventory) {
    inventory = { position: -1, owned: new Set(), catching: Promise.resolve() };
    inventories.set(store, inventory);
  }
  const current = inventory;
  current.catching = current.catching.catch(() => undefined).then(async () => {
    for await (const event of store.readAll({ fromPosition: current.position + 1 })) {
      current.position = event.position;
      if (!event.stream.startsWith(PREFIX)) continue;
      const name = event.stream.slice(PREFIX.length);
      if (event.type === 'ResourceCreated') current.owned.add(name);
      else if (event.type === 'ResourceDeleted') current.owned.delete(name);
    }
  });
  await current.catching;
  return new Set(current.owned);
}

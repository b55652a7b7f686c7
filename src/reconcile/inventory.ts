/**
 * What the event log says stackshift created and has not deleted since, for kinds that carry no
 * marker of their own in the cloud (ownership 'event-log': keypairs). A projection kept per event
 * store and caught up incrementally: each plan reads only the events appended since the last
 * one, so a daemon's passes cost the same over a log of millions of progress events as over an
 * empty one.
 */
import type { EventStore } from '../events/store.js';
import { kinds as registry, type KindRegistry } from '../resources/index.js';
import type { InfraKind } from '../resources/types.js';

interface Inventory {
  position: number;
  owned: Map<InfraKind, Set<string>>;
  catching: Promise<void>;
}

// One projection per store object: the daemon's store lives across passes, a CLI's for one plan.
const inventories = new WeakMap<object, Inventory>();

/** `resource:<kind>/<name>` → [kind, name]. */
function resourceOf(stream: string): [string, string] | undefined {
  if (!stream.startsWith('resource:')) return undefined;
  const rest = stream.slice('resource:'.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? undefined : [rest.slice(0, slash), rest.slice(slash + 1)];
}

export async function ownedByLog(store: Pick<EventStore, 'readAll'>, kinds: KindRegistry = registry): Promise<Map<InfraKind, Set<string>>> {
  const tracked = new Set(kinds.all.filter((k) => k.ownership === 'event-log').map((k) => k.kind));
  let inventory = inventories.get(store);
  if (!inventory) {
    inventory = { position: -1, owned: new Map(), catching: Promise.resolve() };
    inventories.set(store, inventory);
  }
  const current = inventory;
  current.catching = current.catching.catch(() => undefined).then(async () => {
    for await (const event of store.readAll({ fromPosition: current.position + 1 })) {
      current.position = event.position;
      const resource = resourceOf(event.stream);
      if (!resource) continue;
      const [kind, name] = resource;
      const names = current.owned.get(kind) ?? new Set<string>();
      if (event.type === 'ResourceCreated') names.add(name);
      else if (event.type === 'ResourceDeleted') names.delete(name);
      current.owned.set(kind, names);
    }
  });
  await current.catching;
  return new Map([...current.owned].filter(([kind]) => tracked.has(kind)).map(([kind, names]) => [kind, new Set(names)]));
}

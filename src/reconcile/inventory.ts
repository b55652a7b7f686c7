/**
 * What the event log says stackshift created and has not deleted since, for kinds that carry no
 * marker of their own in the cloud (keypairs). Folded from resource streams.
 */
import type { EventStore } from '../events/store.js';

export async function ownedKeypairs(store: Pick<EventStore, 'readAll'>): Promise<Set<string>> {
  const owned = new Set<string>();
  for await (const event of store.readAll()) {
    if (!event.stream.startsWith('resource:keypair/')) continue;
    const name = event.stream.slice('resource:keypair/'.length);
    if (event.type === 'ResourceCreated') owned.add(name);
    else if (event.type === 'ResourceDeleted') owned.delete(name);
  }
  return owned;
}

import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import { eventStoreContract } from './contract.js';

eventStoreContract('memory', async (clock) => createMemoryEventStore({ clock }));

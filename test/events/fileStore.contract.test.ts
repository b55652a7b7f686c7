import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { eventStoreContract } from './contract.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

eventStoreContract('file', async (clock) => {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-events-'));
  dirs.push(dir);
  // Small segments, so the contract also runs across segment rotation.
  return openFileEventStore(dir, { clock, segmentBytes: 512 });
});

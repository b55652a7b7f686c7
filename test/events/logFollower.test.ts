import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { it } from 'node:test';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { LogFollower } from '../../src/events/logFollower.js';
import { eventLogDir } from '../../src/events/stateDir.js';
import { manualClock } from './clock.js';
import { recordLocations, tempStateDir } from './fixture.js';

it('a follower in another reader sees whole events only, across segment rotation', async () => {
  const dir = await tempStateDir();
  const store = await openFileEventStore(dir, { clock: manualClock(), segmentBytes: 300 });
  const follower = new LogFollower(eventLogDir(dir));
  const seen: number[] = [];
  for (let round = 0; round < 5; round++) {
    await store.append('s', Array.from({ length: 3 }, (_, i) => ({ type: 'T', data: { n: round * 3 + i } })));
    await follower.poll((e) => seen.push(e.data.n as number));
  }
  assert.deepEqual(seen, Array.from({ length: 15 }, (_, i) => i));
  await store.close();

  // A record still being written (half of it on disk) is not shown until it is whole.
  const locations = await recordLocations(dir);
  const last = locations[locations.length - 1]!;
  const bytes = await readFile(last.file);
  const fresh = new LogFollower(eventLogDir(dir));
  await writeFile(last.file, bytes.subarray(0, last.offset + 20));
  const partial: number[] = [];
  await fresh.poll((e) => partial.push(e.position));
  assert.equal(partial.length, 14);
  await appendFile(last.file, bytes.subarray(last.offset + 20));
  await fresh.poll((e) => partial.push(e.position));
  assert.deepEqual(partial, Array.from({ length: 15 }, (_, i) => i));
});

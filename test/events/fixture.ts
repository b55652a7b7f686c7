import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { FrameReader } from '../../src/events/frameReader.js';
import { listSegments } from '../../src/events/segments.js';
import { eventLogDir } from '../../src/events/stateDir.js';
import { manualClock } from './clock.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

export async function tempStateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-events-'));
  dirs.push(dir);
  return dir;
}

export interface RecordLocation {
  position: number;
  file: string;
  offset: number;
  /** Frame length, header included. */
  bytes: number;
}

/** Where every record of a log sits on disk, found by reading the frames directly. */
export async function recordLocations(stateDir: string): Promise<RecordLocation[]> {
  const out: RecordLocation[] = [];
  for (const segment of await listSegments(eventLogDir(stateDir))) {
    const reader = await FrameReader.open(segment.path);
    for (let step = await reader.next(); step.kind === 'frame'; step = await reader.next()) {
      out.push({ position: out.length, file: segment.path, offset: step.offset, bytes: step.next - step.offset });
    }
    await reader.close();
  }
  return out;
}

/** A closed log of `count` events over several streams, in segments of about `segmentBytes`. */
export async function writeLog(count: number, segmentBytes = 4096): Promise<string> {
  const dir = await tempStateDir();
  const store = await openFileEventStore(dir, { clock: manualClock(), segmentBytes });
  for (let i = 0; i < count; i++) {
    await store.append(`resource:network/n${i % 3}`, [{ type: 'NetworkCreated', data: { i, name: `net-${i}` }, commit: 'abc123' }]);
  }
  await store.close();
  return dir;
}

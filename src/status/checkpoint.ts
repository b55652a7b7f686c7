/**
 * A saved projection, so start-up folds only the events after it. It records the position and
 * the id of the last event folded: if the log at that position holds another event (the log was
 * replaced or repaired), the checkpoint is ignored and the model is refolded from the start.
 * Written atomically (temp file, fsync, rename, fsync of the directory).
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir } from '../events/segments.js';
import type { StatusModel } from './project.js';

const FORMAT = 1;

export interface StatusCheckpoint {
  format: typeof FORMAT;
  position: number;
  eventId: string;
  model: StatusModel;
}

/** `<state dir>/status/projection.json`. */
export function statusCheckpointPath(stateDir: string): string {
  return join(stateDir, 'status', 'projection.json');
}

export async function readCheckpoint(path: string): Promise<StatusCheckpoint | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<StatusCheckpoint>;
    if (value.format !== FORMAT || typeof value.position !== 'number' || typeof value.eventId !== 'string' || !value.model) return undefined;
    return value as StatusCheckpoint;
  } catch {
    return undefined; // missing or unreadable: a refold rebuilds it
  }
}

export async function writeCheckpoint(path: string, checkpoint: StatusCheckpoint): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(JSON.stringify(checkpoint));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await fsyncDir(dirname(path));
}

/**
 * Segment files: the log is a directory of files named after the position of their first record
 * (`00000000000000000000.seg`), so a missing or reordered file is visible from names alone.
 * A new segment is created when the current one passes its size limit; creating a file is only
 * durable once its directory entry is, so the directory is fsynced after every creation.
 */
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const SEGMENT_SUFFIX = '.seg';
export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

export interface SegmentFile {
  firstPosition: number;
  path: string;
  name: string;
}

export function segmentName(firstPosition: number): string {
  return `${String(firstPosition).padStart(20, '0')}${SEGMENT_SUFFIX}`;
}

export async function listSegments(dir: string): Promise<SegmentFile[]> {
  const names = (await readdir(dir)).filter((n) => /^\d{20}\.seg$/.test(n)).sort();
  return names.map((name) => ({ name, path: join(dir, name), firstPosition: Number(name.slice(0, 20)) }));
}

/** Makes created, renamed or removed directory entries durable (Linux allows fsync on a directory). */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

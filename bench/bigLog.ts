/**
 * A big event log written straight in the store's format (appending a million events one by one
 * would be the append benchmark again): transfer-progress events spread over many workload
 * streams, as weeks of migration leave them. Shared by the events and pass benchmarks.
 */
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeFrame } from '../src/events/frame.js';
import { encodeRecord, GENESIS_HASH, recordHash } from '../src/events/record.js';
import { DEFAULT_SEGMENT_BYTES, segmentName } from '../src/events/segments.js';
import { eventLogDir } from '../src/events/stateDir.js';

/** Writes `count` events straight in the store's format (appending them one by one would be the append bench again). */
export async function writeBigLog(stateDir: string, count: number, streams = 5000): Promise<void> {
  const logDir = eventLogDir(stateDir);
  await mkdir(logDir, { recursive: true });
  let hash: Buffer = GENESIS_HASH;
  let handle = await open(join(logDir, segmentName(0)), 'w');
  let size = 0;
  let chunk: Buffer[] = [];
  let chunkBytes = 0;
  const flush = async () => {
    await handle.write(Buffer.concat(chunk));
    chunk = [];
    chunkBytes = 0;
  };
  const time = new Date(Date.UTC(2026, 0, 1)).toISOString();
  for (let p = 0; p < count; p++) {
    if (size >= DEFAULT_SEGMENT_BYTES) {
      await flush();
      await handle.close();
      handle = await open(join(logDir, segmentName(p)), 'w');
      size = 0;
    }
    const w = p % streams;
    const payload = encodeRecord(hash, {
      id: `00000000-0000-4000-8000-${String(p).padStart(12, '0')}`, stream: `workload:w${w}`, type: 'VolumeTransferProgressed',
      version: Math.floor(p / streams), position: p, time, commit: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      data: { volume: `vol-${w}`, bytesCopied: p * 4096, percent: p % 100 },
    });
    hash = recordHash(payload);
    const frame = encodeFrame(payload);
    chunk.push(frame);
    chunkBytes += frame.length;
    size += frame.length;
    if (chunkBytes > 4 * 1024 * 1024) await flush();
  }
  await flush();
  await handle.close();
}


/**
 * Reading acknowledged events back from segment files. Single events are read with two
 * positioned reads (header, then payload); ranges stream through FrameReader's bounded buffer,
 * so replaying a million events never holds more than one chunk in memory.
 */
import { open } from 'node:fs/promises';
import { codes, StackshiftError } from '../errors.js';
import { crc32c } from './crc32c.js';
import type { FileIndex } from './fileIndex.js';
import { checkHeader, HEADER_BYTES } from './frame.js';
import { FrameReader } from './frameReader.js';
import { decodeRecord } from './record.js';
import type { StoredEvent } from './store.js';

function unreadable(path: string, offset: number, reason: string): StackshiftError {
  return new StackshiftError(codes.EVENT_LOG_CORRUPT, `event log record at ${path} byte ${offset} became unreadable: ${reason}`, {
    hint: 'something changed the file while stackshift was running; stop it and run `stackshift events verify`',
  });
}

export async function readEventAt(index: FileIndex, position: number): Promise<StoredEvent> {
  const { segment, offset } = index.locate(position);
  const handle = await open(segment.path, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    await handle.read(header, 0, HEADER_BYTES, offset);
    const check = checkHeader(header, 0);
    if (!check.ok) throw unreadable(segment.path, offset, check.reason);
    const payload = Buffer.alloc(check.length);
    await handle.read(payload, 0, check.length, offset + HEADER_BYTES);
    if (crc32c(payload) !== check.payloadCrc) throw unreadable(segment.path, offset, 'record checksum mismatch');
    return decodeRecord(payload);
  } finally {
    await handle.close();
  }
}

/** Events at positions [from, end), in order, straight from disk. */
export async function* readEventsFrom(index: FileIndex, from: number, end: number): AsyncGenerator<StoredEvent> {
  let position = Math.max(0, from);
  while (position < end) {
    const { segment, offset } = index.locate(position);
    const reader = await FrameReader.open(segment.path, offset, segment.bytes);
    try {
      for (;;) {
        const step = reader.nextBuffered() ?? (await reader.next());
        if (step.kind === 'end') break;
        if (step.kind !== 'frame') throw unreadable(segment.path, step.offset, step.reason);
        yield decodeRecord(step.payload);
        if (++position >= end) return;
      }
    } finally {
      await reader.close();
    }
  }
}

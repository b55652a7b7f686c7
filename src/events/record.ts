/**
 * A record is the payload of one frame: the SHA-256 of the previous record (32 bytes, zeros for
 * the first) followed by the event as UTF-8 JSON. A record's own hash is SHA-256 over the whole
 * payload, so it covers the previous hash too: editing, removing or reordering any record breaks
 * every link after it, and the hash of the last record (the head) stands for the whole log.
 */
import { createHash } from 'node:crypto';
import type { StoredEvent } from './store.js';

export const HASH_BYTES = 32;
export const GENESIS_HASH = Buffer.alloc(HASH_BYTES);

export function encodeRecord(prevHash: Buffer, event: StoredEvent): Buffer {
  const json = JSON.stringify({
    position: event.position,
    stream: event.stream,
    version: event.version,
    id: event.id,
    type: event.type,
    time: event.time,
    commit: event.commit,
    data: event.data,
  });
  const jsonBytes = Buffer.from(json, 'utf8');
  const payload = Buffer.allocUnsafe(HASH_BYTES + jsonBytes.length);
  prevHash.copy(payload, 0);
  jsonBytes.copy(payload, HASH_BYTES);
  return payload;
}

export function recordHash(payload: Uint8Array): Buffer {
  return createHash('sha256').update(payload).digest();
}

export function prevHashOf(payload: Buffer): Buffer {
  return payload.subarray(0, HASH_BYTES);
}

/** Parses the event in a record; throws SyntaxError on bytes that are not an event. */
export function decodeRecord(payload: Buffer): StoredEvent {
  const value = JSON.parse(payload.toString('utf8', HASH_BYTES)) as StoredEvent;
  if (typeof value !== 'object' || value === null || typeof value.position !== 'number' || typeof value.stream !== 'string') {
    throw new SyntaxError('record is not an event');
  }
  return {
    id: value.id,
    stream: value.stream,
    type: value.type,
    version: value.version,
    position: value.position,
    time: value.time,
    commit: value.commit ?? null,
    data: value.data,
  };
}

/**
 * Record framing inside a segment file:
 *
 *   [u32 LE payload length][u32 LE crc32c(payload)][u32 LE crc32c(first 8 header bytes)][payload]
 *
 * The header checksum makes a damaged length field detectable on its own: without it a flipped
 * length that points past the end of the file would look exactly like a torn last write and be
 * silently cut off. With it, "the file ends inside a record whose header is intact" (torn: the
 * process or machine died mid-append) is told apart from "a header or payload does not match its
 * checksum" (damage: refuse to start).
 */
import { crc32c } from './crc32c.js';

export const HEADER_BYTES = 12;
/** No single event is this large; a bigger length is damage, not a record. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export function encodeFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32c(payload), 4);
  frame.writeUInt32LE(crc32c(frame, 0, 8), 8);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

export type HeaderCheck = { ok: true; length: number; payloadCrc: number } | { ok: false; reason: string; zeros: boolean };

export function checkHeader(bytes: Buffer, at: number): HeaderCheck {
  const length = bytes.readUInt32LE(at);
  const payloadCrc = bytes.readUInt32LE(at + 4);
  const headerCrc = bytes.readUInt32LE(at + 8);
  if (crc32c(bytes, at, at + 8) !== headerCrc) {
    const zeros = length === 0 && payloadCrc === 0 && headerCrc === 0;
    return { ok: false, reason: 'record header checksum mismatch', zeros };
  }
  if (length === 0 || length > MAX_PAYLOAD_BYTES) return { ok: false, reason: `impossible record length ${length}`, zeros: false };
  return { ok: true, length, payloadCrc };
}

/**
 * True when a payload that fails its checksum ends in zeros, the signature of a torn write on a
 * file system that extended the file before the data reached the disk (etcd's WAL uses the same
 * test). A JSON payload never ends in a run of zero bytes.
 */
export function endsInZeros(bytes: Buffer, start: number, end: number): boolean {
  const from = Math.max(start, end - 8);
  for (let i = from; i < end; i++) if (bytes[i] !== 0) return false;
  return end > start;
}

/**
 * Reads the frames of one segment file in order, through a bounded buffer, so replaying a log
 * of any size needs memory for one chunk (plus the largest record), not for the whole file.
 * Each step reports a whole frame, the clean end, a torn tail or damage.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { checkHeader, endsInZeros, HEADER_BYTES } from './frame.js';
import { crc32c } from './crc32c.js';

export type FrameStep =
  | { kind: 'frame'; offset: number; next: number; payload: Buffer }
  | { kind: 'end'; offset: number }
  | { kind: 'torn'; offset: number; reason: string }
  | { kind: 'damaged'; offset: number; reason: string };

const CHUNK_BYTES = 1024 * 1024;

export class FrameReader {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private bufStart: number;
  private bufLen = 0;
  private cursor: number;

  private constructor(
    private readonly handle: FileHandle,
    start: number,
    private readonly limit: number,
  ) {
    this.bufStart = start;
    this.cursor = start;
  }

  /** Opens `path` for reading from byte `start` up to `limit` (default: the current size). */
  static async open(path: string, start = 0, limit?: number): Promise<FrameReader> {
    const handle = await open(path, 'r');
    const size = limit ?? (await handle.stat()).size;
    return new FrameReader(handle, start, size);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /**
   * The next frame when it is already whole in the buffer and checks out, without a promise
   * (replay speed); undefined means "call next()", which handles every other case.
   */
  nextBuffered(): FrameStep | undefined {
    const at = this.cursor - this.bufStart;
    if (this.bufLen - at < HEADER_BYTES || this.limit - this.cursor < HEADER_BYTES) return undefined;
    const header = checkHeader(this.buf, at);
    if (!header.ok) return undefined;
    const end = at + HEADER_BYTES + header.length;
    if (end > this.bufLen || this.cursor + HEADER_BYTES + header.length > this.limit) return undefined;
    if (crc32c(this.buf, at + HEADER_BYTES, end) !== header.payloadCrc) return undefined;
    const offset = this.cursor;
    this.cursor = offset + HEADER_BYTES + header.length;
    return { kind: 'frame', offset, next: this.cursor, payload: this.buf.subarray(at + HEADER_BYTES, end) };
  }

  /** The payload returned is only valid until the next call; copy it to keep it. */
  async next(): Promise<FrameStep> {
    const offset = this.cursor;
    const left = this.limit - offset;
    if (left === 0) return { kind: 'end', offset };
    if (left < HEADER_BYTES) return { kind: 'torn', offset, reason: `file ends ${left} bytes into a record header` };
    await this.fill(HEADER_BYTES);
    const at = offset - this.bufStart;
    const header = checkHeader(this.buf, at);
    if (!header.ok) {
      // Zeros are a torn write only when nothing but zeros follows; zeros amid records are damage.
      if (header.zeros && (await this.restIsZero(offset))) return { kind: 'torn', offset, reason: 'zero-filled tail' };
      return { kind: 'damaged', offset, reason: header.reason };
    }
    if (left < HEADER_BYTES + header.length) {
      return { kind: 'torn', offset, reason: `file ends inside a ${header.length}-byte record` };
    }
    await this.fill(HEADER_BYTES + header.length);
    const start = offset - this.bufStart + HEADER_BYTES;
    const end = start + header.length;
    if (crc32c(this.buf, start, end) !== header.payloadCrc) {
      const torn = offset + HEADER_BYTES + header.length === this.limit && endsInZeros(this.buf, start, end);
      return torn
        ? { kind: 'torn', offset, reason: 'zero-filled record payload' }
        : { kind: 'damaged', offset, reason: 'record checksum mismatch' };
    }
    this.cursor = offset + HEADER_BYTES + header.length;
    return { kind: 'frame', offset, next: this.cursor, payload: this.buf.subarray(start, end) };
  }

  private async restIsZero(from: number): Promise<boolean> {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    for (let at = from; at < this.limit; ) {
      const { bytesRead } = await this.handle.read(chunk, 0, Math.min(chunk.length, this.limit - at), at);
      if (bytesRead === 0) return true;
      for (let i = 0; i < bytesRead; i++) if (chunk[i] !== 0) return false;
      at += bytesRead;
    }
    return true;
  }

  /** Makes sure `n` bytes from the cursor are in the buffer, reading (and growing) as needed. */
  private async fill(n: number): Promise<void> {
    const have = this.bufStart + this.bufLen - this.cursor;
    if (have >= n) return;
    const keep = Math.max(0, have);
    if (n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
      this.buf.copy(bigger, 0, this.cursor - this.bufStart, this.cursor - this.bufStart + keep);
      this.buf = bigger;
    } else {
      this.buf.copy(this.buf, 0, this.cursor - this.bufStart, this.cursor - this.bufStart + keep);
    }
    this.bufStart = this.cursor;
    this.bufLen = keep;
    while (this.bufLen < n) {
      const want = Math.min(this.buf.length - this.bufLen, this.limit - (this.bufStart + this.bufLen));
      if (want <= 0) break;
      const { bytesRead } = await this.handle.read(this.buf, this.bufLen, want, this.bufStart + this.bufLen);
      if (bytesRead === 0) break;
      this.bufLen += bytesRead;
    }
  }
}

/**
 * One forward pass over every segment, shared by open (recovery and index building) and
 * `events verify` (full hash-chain check). Stops at the first problem and says where it is: the
 * position the bad record holds (or should hold), its file and byte offset, and whether it is a
 * torn tail (a crash mid-append: safe to cut) or damage (refuse to start).
 */
import { FrameReader } from './frameReader.js';
import { decodeRecord, GENESIS_HASH, HASH_BYTES, prevHashOf, recordHash } from './record.js';
import { listSegments, type SegmentFile } from './segments.js';
import type { StoredEvent } from './store.js';

export interface ScannedSegment extends SegmentFile {
  /** Bytes of whole, valid records at the start of the file. */
  validBytes: number;
  count: number;
}

export interface ScanProblem {
  kind: 'torn' | 'damaged';
  position: number;
  segment: SegmentFile;
  /** Index of the segment in `segments` of the scan result. */
  segmentIndex: number;
  offset: number;
  reason: string;
}

export interface ScanResult {
  segments: ScannedSegment[];
  count: number;
  /** Hash of the last valid record (the head), GENESIS_HASH for an empty log. */
  headHash: Buffer;
  problem?: ScanProblem;
}

export interface ScanOptions {
  /** Check every record's link to the previous one (costs a SHA-256 per record). */
  chain: boolean;
  onRecord?: (event: StoredEvent, offset: number, segmentIndex: number) => void;
}

async function readPayloadAt(path: string, offset: number): Promise<Buffer> {
  const reader = await FrameReader.open(path, offset);
  try {
    const step = await reader.next();
    if (step.kind !== 'frame') throw new Error(`record at ${path} byte ${offset} changed during the scan`);
    return Buffer.from(step.payload);
  } finally {
    await reader.close();
  }
}

export async function scanLog(dir: string, options: ScanOptions): Promise<ScanResult> {
  const files = await listSegments(dir);
  const segments: ScannedSegment[] = [];
  let count = 0;
  let headHash: Buffer = GENESIS_HASH;
  // Without the chain check only the last record is hashed: remember where it is, re-read it.
  let lastFrame: { path: string; offset: number } | undefined;
  const finish = async (problem?: ScanProblem): Promise<ScanResult> => {
    if (!options.chain && lastFrame) headHash = recordHash(await readPayloadAt(lastFrame.path, lastFrame.offset));
    return { segments, count, headHash, ...(problem ? { problem } : {}) };
  };
  for (const [segmentIndex, file] of files.entries()) {
    const segment: ScannedSegment = { ...file, validBytes: 0, count: 0 };
    segments.push(segment);
    const problem = (kind: ScanProblem['kind'], offset: number, reason: string) =>
      finish({ kind, position: count, segment: file, segmentIndex, offset, reason });
    if (file.firstPosition !== count) {
      return problem('damaged', 0, `segment ${file.name} should start at position ${count}: a segment is missing or was renamed`);
    }
    const reader = await FrameReader.open(file.path);
    try {
      for (;;) {
        const step = reader.nextBuffered() ?? (await reader.next());
        if (step.kind === 'end') break;
        if (step.kind !== 'frame') {
          const last = segmentIndex === files.length - 1;
          if (step.kind === 'torn' && last) return problem('torn', step.offset, step.reason);
          return problem('damaged', step.offset, step.kind === 'torn' ? `${step.reason}, before later segments` : step.reason);
        }
        let event: StoredEvent;
        try {
          event = decodeRecord(step.payload);
        } catch {
          return problem('damaged', step.offset, 'record is not a readable event');
        }
        if (event.position !== count) {
          return problem('damaged', step.offset, `record claims position ${event.position}: records were removed or reordered`);
        }
        if (options.chain) {
          if (step.payload.length < HASH_BYTES || !prevHashOf(step.payload).equals(headHash)) {
            return problem('damaged', step.offset, 'hash chain broken: the record does not follow the one before it');
          }
          headHash = recordHash(step.payload);
        } else {
          lastFrame = { path: file.path, offset: step.offset };
        }
        options.onRecord?.(event, step.offset, segmentIndex);
        segment.validBytes = step.next;
        segment.count++;
        count++;
      }
    } finally {
      await reader.close();
    }
  }
  return finish();
}

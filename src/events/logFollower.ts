/**
 * Reads a log another process is writing (for `events tail` and `events show`): no lock, only
 * whole, checksummed frames, never a half-written tail. `poll()` returns the events that became
 * readable since the last call, so following is "poll, print, sleep" on the caller's clock.
 */
import { codes, StackshiftError } from '../errors.js';
import { FrameReader } from './frameReader.js';
import { decodeRecord } from './record.js';
import { listSegments } from './segments.js';
import type { StoredEvent } from './store.js';

export class LogFollower {
  private segmentIndex = 0;
  private offset = 0;
  private position = 0;

  constructor(private readonly logDir: string) {}

  /** Every event after the ones already returned, up to the last complete record on disk. */
  async poll(visit: (event: StoredEvent) => void): Promise<number> {
    const segments = await listSegments(this.logDir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    let seen = 0;
    while (this.segmentIndex < segments.length) {
      const segment = segments[this.segmentIndex]!;
      const reader = await FrameReader.open(segment.path, this.offset);
      try {
        for (;;) {
          const step = await reader.next();
          if (step.kind === 'frame') {
            const event = decodeRecord(step.payload);
            this.offset = step.next;
            this.position = event.position + 1;
            seen++;
            visit(event);
            continue;
          }
          if (step.kind === 'damaged') {
            throw new StackshiftError(codes.EVENT_LOG_CORRUPT, `event log damaged at position ${this.position} (${segment.path}, byte ${step.offset}): ${step.reason}`, {
              hint: 'run `stackshift events verify` for details',
            });
          }
          break; // end, or a record still being written: look again on the next poll
        }
      } finally {
        await reader.close();
      }
      const later = this.segmentIndex + 1 < segments.length;
      if (!later) break;
      // Move on only once this segment is complete: the next one starts where it ends.
      if (segments[this.segmentIndex + 1]!.firstPosition !== this.position) break;
      this.segmentIndex++;
      this.offset = 0;
    }
    return seen;
  }
}

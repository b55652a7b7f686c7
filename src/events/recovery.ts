/**
 * What open does with the outcome of the scan. A torn last record is the expected result of a
 * crash mid-append and is cut back to the longest valid prefix. Anything else is damage: the
 * store refuses to start (the log is the record of what was done to two clouds; guessing is
 * worse than stopping), unless the operator asked for `repair`, which keeps the valid prefix and
 * moves the damaged bytes aside, never deleting them.
 */
import { copyFile, open, rename } from 'node:fs/promises';
import { codes, StackshiftError } from '../errors.js';
import type { ScanResult } from './logScan.js';
import { fsyncDir, listSegments } from './segments.js';

export async function truncateTo(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function damageError(dir: string, scan: ScanResult): StackshiftError {
  const p = scan.problem!;
  return new StackshiftError(
    codes.EVENT_LOG_CORRUPT,
    `event log damaged at position ${p.position} (${p.segment.path}, byte ${p.offset}): ${p.reason}`,
    {
      hint:
        `run \`stackshift events verify --state ${dir}\` to inspect it; to keep the ${p.position} events before ` +
        'the damage and move the rest aside, open with repair (`--repair`)',
      data: { position: p.position, file: p.segment.path, offset: p.offset, reason: p.reason },
    },
  );
}

/** Applies the scan's verdict; returns the number of segments that remain in the log. */
export async function recover(dir: string, scan: ScanResult, repair: boolean, stamp: string): Promise<number> {
  const p = scan.problem;
  if (!p) return scan.segments.length;
  const keep = scan.segments[p.segmentIndex]!;
  if (p.kind === 'torn') {
    await truncateTo(keep.path, keep.validBytes);
    return scan.segments.length;
  }
  if (!repair) throw damageError(dir, scan);
  const aside = (path: string) => `${path}.damaged-${stamp.replace(/[:.]/g, '-')}`;
  // A misnamed segment (one before it is missing) goes aside whole; otherwise keep its prefix.
  const whole = keep.firstPosition !== p.position - keep.count;
  if (whole) await rename(keep.path, aside(keep.path));
  else {
    await copyFile(keep.path, aside(keep.path));
    await truncateTo(keep.path, keep.validBytes);
  }
  // Later segments chain from the damaged record, so they cannot be kept either.
  for (const later of (await listSegments(dir)).filter((s) => s.firstPosition > keep.firstPosition)) {
    await rename(later.path, aside(later.path));
  }
  await fsyncDir(dir);
  return whole ? p.segmentIndex : p.segmentIndex + 1;
}

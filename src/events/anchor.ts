/**
 * Checks an anchor of the log kept elsewhere (a git note's `Log-Head` and `Log-Records`, see
 * src/writeback/passNote.ts): the log must still hold at least that many records, and the
 * record `count - 1` must hash to the anchored head. Every record carries its predecessor's
 * hash, so a log that grew since is checked through the record at position `count`; together
 * with the full chain check this shows nothing up to the anchor was cut, edited or reordered.
 */
import { FrameReader } from './frameReader.js';
import { scanLog } from './logScan.js';
import { prevHashOf } from './record.js';
import { eventLogDir } from './stateDir.js';
import { verifyEventLog } from './verify.js';

export interface Anchor {
  count: number;
  /** SHA-256 of record `count - 1`, hex. */
  headHash: string;
}

export type AnchorCheck = { ok: true } | { ok: false; reason: string };

/** Parses `HEX@COUNT` (`sha256:` prefix optional), as `events verify --anchor` takes it. */
export function parseAnchor(text: string): Anchor | undefined {
  const match = /^(?:sha256:)?([0-9a-f]{64})@(\d+)$/i.exec(text.trim());
  return match ? { headHash: match[1]!.toLowerCase(), count: Number(match[2]) } : undefined;
}

export async function checkAnchor(stateDir: string, anchor: Anchor): Promise<AnchorCheck> {
  const report = await verifyEventLog(stateDir);
  if (!report.ok) return { ok: false, reason: `the hash chain is broken at position ${report.problem?.position}` };
  if (report.count < anchor.count) return { ok: false, reason: `the log holds ${report.count} records, the anchor ${anchor.count}: records were cut` };
  const hash = report.count === anchor.count ? report.headHash : await hashBefore(stateDir, anchor.count);
  return hash === anchor.headHash ? { ok: true } : { ok: false, reason: `record ${anchor.count - 1} hashes to ${hash}, the anchor says ${anchor.headHash}` };
}

/** The hash of record `position - 1`, as the record at `position` carries it. */
async function hashBefore(stateDir: string, position: number): Promise<string> {
  let where: { segmentIndex: number; offset: number } | undefined;
  const scan = await scanLog(eventLogDir(stateDir), {
    chain: false,
    onRecord: (event, offset, segmentIndex) => {
      if (event.position === position) where = { segmentIndex, offset };
    },
  });
  if (!where) throw new Error(`no record at position ${position}`);
  const segment = scan.segments[where.segmentIndex]!;
  const reader = await FrameReader.open(segment.path, where.offset);
  try {
    const step = await reader.next();
    if (step.kind !== 'frame') throw new Error(`record ${position} became unreadable`);
    return prevHashOf(step.payload).toString('hex');
  } finally {
    await reader.close();
  }
}

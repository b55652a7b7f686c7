/**
 * `events verify`: a read-only pass over every frame and the whole hash chain. It takes no lock,
 * so it can run beside a live writer; a record still being written shows up as an incomplete
 * tail, which is reported but is not damage.
 */
import { stat } from 'node:fs/promises';
import { codes, StackshiftError } from '../errors.js';
import { eventLogDir } from './stateDir.js';
import { scanLog } from './logScan.js';

export interface VerifyReport {
  ok: boolean;
  /** Events whose frame and link checked out. */
  count: number;
  /** Hash of the last good record (hex); 64 zeros for an empty log. */
  headHash: string;
  /** Bytes after the last record that a crash left half-written; cut on the next open. */
  incompleteTail?: { file: string; offset: number; reason: string };
  /** The first bad record, when ok is false. */
  problem?: { position: number; file: string; offset: number; reason: string };
}

export async function verifyEventLog(stateDir: string): Promise<VerifyReport> {
  const logDir = eventLogDir(stateDir);
  if (!(await stat(logDir).catch(() => undefined))?.isDirectory()) {
    throw new StackshiftError(codes.NOT_FOUND, `there is no event log in ${stateDir}`, {
      hint: 'name the state directory with --state DIR or STACKSHIFT_STATE (default ./.stackshift)',
    });
  }
  const scan = await scanLog(logDir, { chain: true });
  const base = { count: scan.count, headHash: scan.headHash.toString('hex') };
  const p = scan.problem;
  if (!p) return { ok: true, ...base };
  const where = { file: p.segment.path, offset: p.offset, reason: p.reason };
  if (p.kind === 'torn') return { ok: true, ...base, incompleteTail: where };
  return { ok: false, ...base, problem: { position: p.position, ...where } };
}

/**
 * The text of the git note stackshift leaves on a commit after a pass. Lines are Git trailers
 * (`Key: value`), so `git notes show` reads well and `git interpret-trailers --parse` or a
 * simple split turns it back into data. One note per commit: the latest pass that said
 * something replaces the one before (the event log keeps every pass).
 */
import type { PassSummary } from './passSummary.js';

export const DEFAULT_NOTES_REF = 'refs/notes/stackshift';

export function passNoteText(s: PassSummary): string {
  const { applied, failed, blocked, pending } = s.counts;
  const lines = [
    `stackshift ${s.reason} pass: ${s.outcome} (${applied} applied, ${failed} failed, ${blocked} blocked, ${pending} pending)`,
    '',
    `Outcome: ${s.outcome}`,
    `Reason: ${s.reason}`,
    `Applied: ${applied}`,
    `Failed: ${failed}`,
    `Blocked: ${blocked}`,
    `Pending: ${pending}`,
    `Events: ${s.events ? `${s.events.first}..${s.events.last}` : 'none'}`,
    ...(s.log ? [`Log-Head: sha256:${s.log.headHash}`, `Log-Records: ${s.log.count}`] : []),
    `Started: ${s.startedAt}`,
    `Finished: ${s.finishedAt}`,
    ...(s.error !== undefined ? [`Error: ${oneLine(s.error, 200)}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** Parses a note back into its trailers (the first line and the blank one are skipped). */
export function parsePassNote(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').slice(2)) {
    const at = line.indexOf(': ');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 2);
  }
  return out;
}

export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

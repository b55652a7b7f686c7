/**
 * Write-back to Git after each daemon pass: a note on the commit (see passNote.ts) under a
 * dedicated notes ref, pushed to the remote, and optionally a commit status (commitStatus.ts).
 *
 * Write-back never fails a pass: a note that cannot be written or a push or status the server
 * refuses is a warning in the log. A push that failed is tried again after the next pass (the
 * ref carries every note, so one push catches up); one refused because the remote's notes moved
 * on is first rebuilt on top of them. A drift pass that found nothing to do leaves
 * the note alone: it would say nothing new, and a note per drift interval is noise.
 */
import type { PassRecord } from '../daemon/loop.js';
import type { Clock } from '../ports.js';
import type { GitSource } from '../source/gitSource.js';
import type { EventStore } from '../events/store.js';
import { writeGitNote } from './gitNote.js';
import { rebaseNotes } from './notesMerge.js';
import { passNoteText } from './passNote.js';
import { summarisePass, type AnchoredStore, type PassSummary } from './passSummary.js';

export interface WriteBackConfig {
  /** Notes ref (e.g. refs/notes/stackshift); null: no notes. */
  notesRef: string | null;
  /** Posts a commit status for a pass (see commitStatus.ts). */
  commitStatus?: (summary: PassSummary) => Promise<void>;
}

export type WriteBack = (record: PassRecord) => Promise<void>;

export function createWriteBack(options: WriteBackConfig & {
  source: Pick<GitSource, 'gitdir' | 'remote' | 'pushRef' | 'fetchRef'>;
  store: Pick<EventStore, 'readStream'> & AnchoredStore;
  clock: Clock;
  log: (line: string) => void;
}): WriteBack {
  const { source, log, notesRef } = options;
  let unpushed = false;
  const warn = (what: string, err: unknown) => log(`warning: ${what}: ${err instanceof Error ? err.message : String(err)}`);

  async function push(ref: string): Promise<void> {
    if (!source.remote || !unpushed) return;
    let problem: unknown;
    try {
      await source.pushRef(ref);
      unpushed = false;
      return;
    } catch (err) {
      problem = err;
    }
    // The remote ref moved on: build on it rather than force it (see notesMerge.ts).
    if (/fast-forward|fetch first/i.test(problem instanceof Error ? problem.message : String(problem))) {
      try {
        const remoteOid = await source.fetchRef(ref);
        if (remoteOid) {
          const added = await rebaseNotes({ gitdir: source.gitdir, ref, remoteOid, now: options.clock.now() });
          log(`${ref} had moved on the remote: ${added} note(s) from here added on top of it`);
          await source.pushRef(ref);
          unpushed = false;
          return;
        }
      } catch (err) {
        problem = err;
      }
    }
    warn(`cannot push ${ref} (tried again after the next pass)`, problem);
  }

  return async (record) => {
    const quiet = record.reason === 'drift' && record.error === undefined && record.outcome?.result === 'unchanged';
    let summary: PassSummary | undefined;
    if (!quiet) {
      try {
        summary = await summarisePass(options.store, record);
      } catch (err) {
        warn(`cannot summarise the pass for ${record.commit.slice(0, 7)} from the event log`, err);
      }
    }
    if (notesRef) {
      if (summary) {
        try {
          await writeGitNote({ gitdir: source.gitdir, ref: notesRef, commit: record.commit, text: passNoteText(summary), now: options.clock.now() });
          unpushed = true;
        } catch (err) {
          warn(`cannot write the git note on ${record.commit.slice(0, 7)}`, err);
        }
      }
      await push(notesRef);
    }
    if (summary && options.commitStatus) {
      await options.commitStatus(summary).catch((err: unknown) => warn(`cannot set the commit status of ${record.commit.slice(0, 7)}`, err));
    }
  };
}

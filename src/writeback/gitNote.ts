/**
 * Writes a git note on a commit under stackshift's own notes ref, with isomorphic-git in the
 * daemon's repository (a local repository's own .git, or the clone under the state dir). A
 * dedicated ref keeps stackshift's notes apart from anyone's `refs/notes/commits`.
 */
import * as fs from 'node:fs';
import git from 'isomorphic-git';

/** Who notes are by: stackshift, at the time of the pass. */
export function notesIdentity(now: number) {
  const when = { name: 'stackshift', email: 'stackshift@localhost', timestamp: Math.floor(now / 1000), timezoneOffset: 0 };
  return { author: when, committer: when };
}

export async function writeGitNote(options: { gitdir: string; ref: string; commit: string; text: string; now: number }): Promise<string> {
  return git.addNote({ fs, gitdir: options.gitdir, ref: options.ref, oid: options.commit, note: options.text, force: true, ...notesIdentity(options.now) });
}

/**
 * Writes a git note on a commit under stackshift's own notes ref, with isomorphic-git in the
 * daemon's repository (a local repository's own .git, or the clone under the state dir). A
 * dedicated ref keeps stackshift's notes apart from anyone's `refs/notes/commits`.
 */
import * as fs from 'node:fs';
import git from 'isomorphic-git';

const identity = { name: 'stackshift', email: 'stackshift@localhost' };

export async function writeGitNote(options: { gitdir: string; ref: string; commit: string; text: string; now: number }): Promise<string> {
  const when = { ...identity, timestamp: Math.floor(options.now / 1000), timezoneOffset: 0 };
  return git.addNote({
    fs, gitdir: options.gitdir, ref: options.ref, oid: options.commit, note: options.text, force: true, author: when, committer: when,
  });
}

export async function readGitNote(options: { gitdir: string; ref: string; commit: string }): Promise<string | undefined> {
  try {
    return Buffer.from(await git.readNote({ fs, gitdir: options.gitdir, ref: options.ref, oid: options.commit })).toString('utf8');
  } catch {
    return undefined;
  }
}

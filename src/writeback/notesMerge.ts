/**
 * When the remote's notes ref has moved on (a second daemon, or this one's state directory was
 * rebuilt and its clone started a fresh notes ref), a push is not a fast-forward. Forcing it
 * would erase the remote's notes, so the local ref is rebuilt on top of the remote's instead:
 * every note made here is added again over the remote's tree. For a commit both sides noted,
 * the note made here wins (it is the newer pass or the same one).
 */
import * as fs from 'node:fs';
import git from 'isomorphic-git';
import { notesIdentity } from './gitNote.js';

/** Returns how many notes were added on top of `remoteOid` (now the base of `ref`). */
export async function rebaseNotes(options: { gitdir: string; ref: string; remoteOid: string; now: number }): Promise<number> {
  const { gitdir, ref } = options;
  const mine = await git.listNotes({ fs, gitdir, ref }).catch(() => []);
  const texts = new Map<string, { blob: string; text: Uint8Array }>();
  for (const { target, note } of mine) texts.set(target, { blob: note, text: (await git.readBlob({ fs, gitdir, oid: note })).blob });
  await git.writeRef({ fs, gitdir, ref, value: options.remoteOid, force: true });
  const theirs = new Map((await git.listNotes({ fs, gitdir, ref })).map((n) => [n.target, n.note]));
  let added = 0;
  for (const [target, { blob, text }] of texts) {
    if (theirs.get(target) === blob) continue;
    await git.addNote({ fs, gitdir, ref, oid: target, note: Buffer.from(text).toString('utf8'), force: true, ...notesIdentity(options.now) });
    added++;
  }
  return added;
}

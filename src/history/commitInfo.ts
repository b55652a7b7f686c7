/**
 * The author, time and subject of the commits history lists, read with isomorphic-git from the
 * repository the events came from: `--repo` when given, else the daemon's clone under
 * `<state>/git/`, else a local repository a CommitObserved event names (the daemon reads a local
 * repository in place). Without any of them history still lists the commit ids.
 */
import * as fs from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import git from 'isomorphic-git';
import { findGitdir } from '../source/gitSource.js';

export interface CommitInfo {
  author: string;
  /** ISO-8601 author time. */
  time: string;
  subject: string;
}

export type CommitLookup = (sha: string) => Promise<CommitInfo | undefined>;

/** Gitdirs to ask, in order; paths that are not repositories are left out. */
export async function candidateGitdirs(options: { repo?: string; stateDir: string; observedRepos: Iterable<string> }): Promise<string[]> {
  const paths: string[] = [];
  if (options.repo) paths.push(resolve(options.repo));
  else {
    const clones = await readdir(join(options.stateDir, 'git')).catch(() => [] as string[]);
    paths.push(...clones.sort().map((c) => join(options.stateDir, 'git', c)));
    // Labels are `<path>@<short commit>` (gitReader.ts); URLs are found as clones above.
    for (const label of options.observedRepos) if (!/^[a-z]+:\/\//i.test(label)) paths.push(resolve(label.replace(/@[0-9a-f]{4,40}$/, '')));
  }
  const found: string[] = [];
  for (const path of paths) {
    const gitdir = await findGitdir(path).catch(() => undefined);
    if (gitdir && !found.includes(gitdir)) found.push(gitdir);
  }
  return found;
}

export function commitLookup(gitdirs: readonly string[]): CommitLookup {
  const cache = {};
  const known = new Map<string, Promise<CommitInfo | undefined>>();
  async function read(sha: string): Promise<CommitInfo | undefined> {
    for (const gitdir of gitdirs) {
      try {
        const { commit } = await git.readCommit({ fs, gitdir, cache, oid: sha });
        return {
          author: commit.author.name,
          time: new Date(commit.author.timestamp * 1000).toISOString(),
          subject: commit.message.split('\n')[0] ?? '',
        };
      } catch {
        // not in this repository (or gone after a forced push): try the next
      }
    }
    return undefined;
  }
  return (sha) => {
    let info = known.get(sha);
    if (!info) known.set(sha, (info = read(sha)));
    return info;
  };
}

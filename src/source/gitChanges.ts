/**
 * What changed between two commits, by walking both trees at once and skipping every subtree
 * whose tree id is equal on both sides (equal id = identical content, so nothing below changed).
 * A desired-state repository touched in one file costs a walk of one path, not of the whole tree.
 */
import type * as NodeFs from 'node:fs';
import git from 'isomorphic-git';

export type PathChange = 'added' | 'modified' | 'deleted';

export interface ChangedPath {
  path: string;
  change: PathChange;
}

export interface ChangedPathsOptions {
  fs: typeof NodeFs;
  gitdir: string;
  cache: object;
  /** The older commit, or null for "everything in newCommit is new". */
  oldCommit: string | null;
  newCommit: string;
}

type Side = { type: string; oid: string; mode: number } | undefined;

export async function changedPaths(options: ChangedPathsOptions): Promise<ChangedPath[]> {
  const { fs, gitdir, cache, oldCommit, newCommit } = options;
  if (oldCommit === newCommit) return [];
  const out: ChangedPath[] = [];
  const trees = oldCommit === null ? [git.TREE({ ref: newCommit })] : [git.TREE({ ref: oldCommit }), git.TREE({ ref: newCommit })];
  await git.walk({
    fs, gitdir, cache, trees,
    map: async (path, walkerEntries) => {
      const [before, after] = oldCommit === null
        ? [undefined, await describe(walkerEntries[0])]
        : [await describe(walkerEntries[0]), await describe(walkerEntries[1])];
      if (before && after && before.oid === after.oid && before.mode === after.mode) return null; // equal subtree or file
      if (path === '.') return true;
      const wasFile = before !== undefined && before.type !== 'tree';
      const isFile = after !== undefined && after.type !== 'tree';
      if (wasFile && isFile) out.push({ path, change: 'modified' });
      else if (isFile) out.push({ path, change: 'added' });
      else if (wasFile) out.push({ path, change: 'deleted' });
      // A tree on either side is descended into: its files appear as added or deleted below.
      return before?.type === 'tree' || after?.type === 'tree' ? true : null;
    },
  });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function describe(entry: { type(): Promise<string>; oid(): Promise<string>; mode(): Promise<number> } | null | undefined): Promise<Side> {
  if (!entry) return undefined;
  return { type: await entry.type(), oid: await entry.oid(), mode: await entry.mode() };
}

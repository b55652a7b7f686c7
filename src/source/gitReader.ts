/**
 * A RepoReader over the tree of one Git commit: what plan, apply and the daemon read, so the
 * desired state is exactly what was committed (never a half-edited working copy).
 *
 * Symlinks are tree entries of mode 120000 whose blob is the link target. A link counts as
 * inside the repository when, followed within the tree (links to links included), it lands on
 * an entry of the same commit; absolute targets, targets climbing out of the root and dangling
 * links are outside, as dirReader treats them.
 */
import type * as NodeFs from 'node:fs';
import { posix } from 'node:path';
import git from 'isomorphic-git';
import { codes, StackshiftError } from '../errors.js';
import type { RepoEntry, RepoReader } from './repoReader.js';

export interface GitReaderOptions {
  fs: typeof NodeFs;
  gitdir: string;
  /** The isomorphic-git cache object shared by every call on this repository. */
  cache: object;
  commit: string;
  /** Names the repository in messages (a path or a URL without credentials). */
  label: string;
}

interface TreeEntry {
  path: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  oid: string;
  bytes?: Uint8Array;
}

const maxLinkHops = 40;

export function gitReader(options: GitReaderOptions): RepoReader {
  const { fs, gitdir, cache, commit } = options;
  const label = `${options.label}@${commit.slice(0, 7)}`;
  let entries: Promise<Map<string, TreeEntry>> | undefined;

  async function loadTree(): Promise<Map<string, TreeEntry>> {
    const out = new Map<string, TreeEntry>();
    try {
      await git.walk({
        fs, gitdir, cache, trees: [git.TREE({ ref: commit })],
        map: async (path, [entry]) => {
          if (!entry || path === '.') return undefined;
          const type = await entry.type();
          const mode = await entry.mode();
          const oid = await entry.oid();
          if (type === 'tree') out.set(path, { path, kind: 'directory', oid });
          else if (type === 'blob') {
            const bytes = (await entry.content()) ?? new Uint8Array();
            out.set(path, { path, kind: mode === 0o120000 ? 'symlink' : 'file', oid, bytes });
          } else out.set(path, { path, kind: 'other', oid }); // submodule (commit entry)
          return undefined;
        },
      });
    } catch (err) {
      throw new StackshiftError(codes.GIT_SOURCE, `cannot read commit ${commit} of ${options.label}: ${(err as Error).message}`, {
        hint: 'check the commit exists on the tracked branch (fetch again, or name another --rev)',
        data: { commit },
      });
    }
    return out;
  }
  const tree = (): Promise<Map<string, TreeEntry>> => (entries ??= loadTree());

  /** Follows symlinks inside the tree; undefined when the chain leaves the repository or dangles. */
  function resolve(map: Map<string, TreeEntry>, path: string): TreeEntry | undefined {
    let current = map.get(path);
    for (let hop = 0; current?.kind === 'symlink' && hop < maxLinkHops; hop++) {
      const target = Buffer.from(current.bytes ?? new Uint8Array()).toString('utf8');
      if (posix.isAbsolute(target)) return undefined;
      const joined = posix.normalize(posix.join(posix.dirname(current.path), target));
      if (joined === '..' || joined.startsWith('../')) return undefined;
      current = joined === '.' ? { path: '', kind: 'directory', oid: '' } : map.get(joined.replace(/\/$/, ''));
    }
    return current?.kind === 'symlink' ? undefined : current;
  }

  return {
    label,
    commit,
    async list(): Promise<RepoEntry[]> {
      const map = await tree();
      const out: RepoEntry[] = [];
      for (const entry of map.values()) {
        if (entry.kind === 'symlink') {
          const target = resolve(map, entry.path);
          out.push({ path: entry.path, kind: 'symlink', size: target?.bytes?.length ?? 0, symlinkInside: target !== undefined });
        } else out.push({ path: entry.path, kind: entry.kind, size: entry.bytes?.length ?? 0 });
      }
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async read(path: string): Promise<Uint8Array> {
      const map = await tree();
      const entry = resolve(map, path);
      if (!entry?.bytes) {
        const why = map.has(path) ? (map.get(path)?.kind === 'directory' ? 'is a directory' : 'points outside the repository') : 'does not exist';
        throw new StackshiftError(codes.NOT_FOUND, `${label}: ${path} ${why}`, { data: { path, commit } });
      }
      return entry.bytes;
    },
  };
}

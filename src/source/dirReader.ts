/** A RepoReader over a directory on disk: what `stackshift validate DIR` and tests read. */
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { RepoEntry, RepoReader } from './repoReader.js';

export async function dirReader(root: string): Promise<RepoReader> {
  const realRoot = await realpath(root);
  async function walk(dir: string, out: RepoEntry[]): Promise<void> {
    for (const dirent of await readdir(dir, { withFileTypes: true })) {
      if (dirent.name === '.git' || dirent.name === 'node_modules') continue;
      const full = join(dir, dirent.name);
      const path = relative(realRoot, full).split(sep).join('/');
      const info = await lstat(full);
      if (info.isSymbolicLink()) {
        let inside = false;
        let size = 0;
        try {
          const target = await realpath(full);
          inside = target === realRoot || target.startsWith(realRoot + sep);
          size = (await stat(full)).size;
        } catch {
          inside = false; // dangling: treated like one pointing outside
        }
        out.push({ path, kind: 'symlink', size, symlinkInside: inside });
      } else if (info.isDirectory()) {
        out.push({ path, kind: 'directory', size: 0 });
        await walk(full, out);
      } else {
        out.push({ path, kind: info.isFile() ? 'file' : 'other', size: info.size });
      }
    }
  }
  return {
    label: root,
    async list() {
      const out: RepoEntry[] = [];
      await walk(realRoot, out);
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    read: (path) => readFile(join(realRoot, path)),
  };
}

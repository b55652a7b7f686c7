/**
 * The demo's desired-state repository: a fresh Git repository holding a copy of example-repo/
 * as one commit, so `npm start` runs the daemon on real commits exactly as an operator would.
 */
import * as fs from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git from 'isomorphic-git';

export async function makeDemoRepo(exampleDir: string, options: { parent?: string; now?: number; edit?: (dir: string) => Promise<void> } = {}): Promise<{ dir: string; commit: string }> {
  const dir = await mkdtemp(join(options.parent ?? tmpdir(), 'stackshift-demo-repo-'));
  await cp(exampleDir, dir, { recursive: true, filter: (src) => !/[\\/](\.git|node_modules)$/.test(src) });
  await options.edit?.(dir);
  await git.init({ fs, dir, defaultBranch: 'main' });
  const cache = {};
  const files = await git.statusMatrix({ fs, dir, cache });
  for (const [filepath] of files) await git.add({ fs, dir, filepath, cache });
  const when = { name: 'stackshift demo', email: 'demo@stackshift.invalid', timestamp: Math.floor((options.now ?? Date.now()) / 1000), timezoneOffset: 0 };
  const commit = await git.commit({ fs, dir, cache, message: 'Desired state of the acme-shop migration (from example-repo/)', author: when, committer: when });
  return { dir, commit };
}

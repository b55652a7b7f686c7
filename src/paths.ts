/**
 * Where stackshift's own files (schemas/, example-repo/) are, whether it runs from src/ via tsx
 * or compiled under dist/: walk up from this module to the directory holding package.json.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'schemas'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('stackshift: cannot find its package root (package.json with schemas/)');
    dir = parent;
  }
  cached = dir;
  return dir;
}

export const schemasDir = (): string => join(packageRoot(), 'schemas');
export const exampleRepoDir = (): string => join(packageRoot(), 'example-repo');

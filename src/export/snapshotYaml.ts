/**
 * Reading and writing one snapshot file. Output is deterministic: keys sorted (as OS-Migrate's
 * yaml.safe_dump does), single quotes, no line folding, and YAML 1.1 quoting so that strings
 * such as 'yes' or 'on' stay strings for PyYAML readers too.
 */
import { readFile } from 'node:fs/promises';
import { parse, stringify, YAMLParseError } from 'yaml';
import { codes, StackshiftError } from '../errors.js';
import type { SnapshotResource } from './types.js';

export const OS_MIGRATE_VERSION = '1.0.5';

export function renderSnapshot(resources: SnapshotResource[]): string {
  return stringify({ os_migrate_version: OS_MIGRATE_VERSION, resources }, { version: '1.1', sortMapEntries: true, singleQuote: true, lineWidth: 0, indentSeq: false });
}

/** The resources of an existing file; undefined when there is none. */
export async function readSnapshot(path: string, force: boolean): Promise<SnapshotResource[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const unusable = (why: string, line?: number) => {
    if (force) return undefined;
    throw new StackshiftError(codes.EXPORT_CONFLICT, `${path}${line ? `:${line}` : ''}: ${why}; export will not overwrite it`, {
      hint: 'fix the file, or pass --force to replace it with a fresh export',
    });
  };
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    return unusable(`not valid YAML (${(err as Error).message.split('\n')[0]})`, err instanceof YAMLParseError ? err.linePos?.[0]?.line : undefined);
  }
  const resources = (data as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(resources)) return unusable("not an OS-Migrate snapshot (no 'resources' list)");
  return resources as SnapshotResource[];
}

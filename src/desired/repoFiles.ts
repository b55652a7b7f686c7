/**
 * Finds the files of a desired-state repository and parses them. Entry-level problems are found
 * here, before any byte is read: files too large, directories or devices where a file should be,
 * symlinks leaving the repository, and files in snapshots/ that stackshift does not know.
 */
import { codes, StackshiftError } from '../errors.js';
import type { RepoEntry, RepoReader } from '../source/repoReader.js';
import { SNAPSHOT_FILES } from './model.js';
import type { Problem } from './problem.js';
import { parseYamlFile, type YamlFile } from './yamlFile.js';

/** Larger files are refused unread; a real export of one project is far smaller. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export const CONFIG_FILE = 'stackshift.yaml';
export const SELECTION_FILE = 'workloads.yaml';
export const RECLAIM_FILE = 'reclaim.yaml';
export const SNAPSHOT_DIR = 'snapshots';

const snapshotNames = new Set<string>(Object.values(SNAPSHOT_FILES));
const topLevel = [CONFIG_FILE, SELECTION_FILE, RECLAIM_FILE];

export interface RepoFiles {
  /** Parsed files by repository path; absent when missing or unreadable. */
  parsed: Map<string, YamlFile>;
  /** Files that exist but could not be read or parsed: checks that need them are skipped. */
  unreadable: Set<string>;
}

function whole(file: string, message: string, hint?: string): Problem {
  return { file, line: 1, column: 1, pointer: '', message, ...(hint === undefined ? {} : { hint }) };
}

/** Problems with the entry itself, or undefined when it may be read. */
function entryProblem(entry: RepoEntry): Problem | undefined {
  if (entry.kind === 'directory') return whole(entry.path, 'is a directory, but a file is expected here', `replace the directory ${entry.path}/ by the file`);
  if (entry.kind === 'other') return whole(entry.path, 'is not a regular file', 'replace it by a plain file');
  if (entry.kind === 'symlink' && !entry.symlinkInside) {
    return whole(entry.path, 'is a symbolic link that points outside the repository (or nowhere); refused', 'replace the link by the file itself');
  }
  if (entry.size > MAX_FILE_BYTES) {
    return whole(entry.path, `is ${(entry.size / 1024 / 1024).toFixed(1)} MiB; files over ${MAX_FILE_BYTES / 1024 / 1024} MiB are refused`, 'split the export (one project per repository) or remove what is not needed');
  }
  return undefined;
}

export async function readRepoFiles(reader: RepoReader, problems: Problem[]): Promise<RepoFiles> {
  let entries: RepoEntry[];
  try {
    entries = await reader.list();
  } catch (err) {
    throw new StackshiftError(codes.REPO_UNREADABLE, `cannot list the files of ${reader.label}: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'check that the path exists and is readable', cause: err,
    });
  }
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const wanted: RepoEntry[] = [];

  if (!byPath.has(CONFIG_FILE)) {
    problems.push(whole(CONFIG_FILE, 'is missing; every desired-state repository has one at its root', 'after `stackshift export --out DIR`, `stackshift init DIR` writes one (or copy example-repo/stackshift.yaml and name your clouds)'));
  }
  for (const name of topLevel) {
    const entry = byPath.get(name);
    if (entry) wanted.push(entry);
    const misnamed = byPath.get(name.replace(/\.yaml$/, '.yml'));
    if (misnamed && misnamed.kind !== 'directory') problems.push(whole(misnamed.path, 'is not read by stackshift', `rename it to ${name}`));
  }
  const snapshotDir = byPath.get(SNAPSHOT_DIR);
  if (snapshotDir && snapshotDir.kind !== 'directory') {
    problems.push(whole(SNAPSHOT_DIR, 'must be a directory of OS-Migrate files', 'move the exported *.yml files into snapshots/'));
  }
  for (const entry of entries) {
    if (!entry.path.startsWith(`${SNAPSHOT_DIR}/`)) continue;
    const name = entry.path.slice(SNAPSHOT_DIR.length + 1);
    if (snapshotNames.has(name)) {
      wanted.push(entry);
    } else if (!name.split('/').pop()!.startsWith('.')) {
      problems.push(whole(entry.path, `is not a snapshot file stackshift knows`, `snapshots/ holds only ${[...snapshotNames].join(', ')}`));
    }
  }

  const parsed = new Map<string, YamlFile>();
  const unreadable = new Set<string>();
  for (const entry of wanted) {
    const problem = entryProblem(entry);
    if (problem) {
      problems.push(problem);
      unreadable.add(entry.path);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await reader.read(entry.path);
    } catch (err) {
      problems.push(whole(entry.path, `cannot be read: ${err instanceof Error ? err.message : String(err)}`));
      unreadable.add(entry.path);
      continue;
    }
    // The listing may be stale or lie (a Git blob's size is known, a file may grow); check again.
    if (bytes.length > MAX_FILE_BYTES) {
      problems.push(whole(entry.path, `files over ${MAX_FILE_BYTES / 1024 / 1024} MiB are refused`));
      unreadable.add(entry.path);
      continue;
    }
    const file = parseYamlFile(entry.path, bytes, problems);
    if (file && file.value !== undefined) parsed.set(entry.path, file);
    else unreadable.add(entry.path);
  }
  return { parsed, unreadable };
}

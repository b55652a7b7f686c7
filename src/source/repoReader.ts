/**
 * RepoReader is how the desired-state loader sees a repository, whether it is a directory on
 * disk (validate, tests) or the tree of a Git commit (plan, apply, daemon). Paths are POSIX,
 * relative to the repository root, without a leading './'.
 */
export type RepoEntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface RepoEntry {
  path: string;
  kind: RepoEntryKind;
  /** Size in bytes for files; the loader refuses oversized files before reading them. */
  size: number;
  /** For symlinks: whether the target stays inside the repository. */
  symlinkInside?: boolean;
}

export interface RepoReader {
  /** Names the repository in messages: a directory path or `<url>@<short commit>`. */
  readonly label: string;
  /** The commit being read, when the repository is a Git commit. */
  readonly commit?: string;
  /** Every entry under the repository root, recursively (directories included, .git excluded). */
  list(): Promise<RepoEntry[]>;
  /** Raw bytes of a file (symlinks inside the repo are followed). Throws when it does not exist. */
  read(path: string): Promise<Uint8Array>;
}

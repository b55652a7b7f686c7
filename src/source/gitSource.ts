/**
 * The Git source the daemon, plan and apply follow: one branch of either a local repository
 * (read in place, no copy) or an HTTP(S) remote (cloned once into a work directory under the
 * state dir, then fetched). One isomorphic-git cache is shared by every call, and fetches are
 * serialised because isomorphic-git does not lock concurrent writers to one repository.
 */
import * as fs from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import git from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import { codes, StackshiftError, UsageError } from '../errors.js';
import { changedPaths, type ChangedPath } from './gitChanges.js';
import { gitCredentialsFromEnv, redactUrl, scrubSecret, type GitCredentials } from './gitCredentials.js';
import { gitReader } from './gitReader.js';
import type { RepoReader } from './repoReader.js';

export interface GitSourceOptions {
  /** A local repository path or an http(s):// URL. */
  repo: string;
  /** The branch to track; default: the local repository's current branch or the remote's HEAD. */
  branch?: string;
  /** Where a remote is cloned (e.g. `<state>/git`); required for URLs. */
  workDir?: string;
  /** Where credentials are looked up (see gitCredentials.ts); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** isomorphic-git HTTP client; isomorphic-git/http/node by default. */
  http?: typeof nodeHttp;
}

export interface GitSource {
  /** The repository for messages: a path, or the URL without credentials. */
  readonly label: string;
  readonly branch: string;
  readonly remote: boolean;
  /** Fetches the tracked branch (remotes only) and returns the commit at its tip. */
  sync(): Promise<string>;
  /** The files of a commit. */
  reader(commit: string): RepoReader;
  /** Files added, modified or deleted from oldCommit (null: from nothing) to newCommit. */
  changedPaths(oldCommit: string | null, newCommit: string): Promise<ChangedPath[]>;
  /** Whether the commit's objects are present (a forced push may have dropped one). */
  hasCommit(commit: string): Promise<boolean>;
  /** The git directory read (a local repository's own, or the clone under the state dir). */
  readonly gitdir: string;
  /**
   * Pushes a local ref (e.g. `refs/notes/stackshift`) to the same ref on the remote, with the
   * source's credentials, never forced. A local repository is its own remote: nothing to push.
   */
  pushRef(ref: string): Promise<'pushed' | 'local'>;
  /** Fetches one ref of the remote (objects included) and returns its commit; undefined when the remote has none, or for a local repository. */
  fetchRef(ref: string): Promise<string | undefined>;
}

export function isRemoteRepo(repo: string): boolean {
  return /^https?:\/\//i.test(repo);
}

export async function openGitSource(options: GitSourceOptions): Promise<GitSource> {
  if (/^(ssh|git):\/\//i.test(options.repo) || /^[\w.-]+@[\w.-]+:/.test(options.repo)) {
    throw new UsageError(`cannot follow ${redactUrl(options.repo)}: only HTTP(S) remotes and local paths are supported`,
      'use the https:// URL of the repository with a token in STACKSHIFT_GIT_TOKEN');
  }
  return isRemoteRepo(options.repo) ? openRemote(options) : openLocal(options);
}

function serialised(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Readers of the last few commits are kept: a pass, its deps and a drift pass read the same tree. */
const keptReaders = 4;

function common(gitdir: string, cache: object, label: string) {
  const readers = new Map<string, RepoReader>();
  return {
    reader: (commit: string) => {
      let reader = readers.get(commit);
      if (reader) readers.delete(commit);
      else reader = gitReader({ fs, gitdir, cache, commit, label });
      readers.set(commit, reader);
      for (const oldest of readers.keys()) if (readers.size > keptReaders) readers.delete(oldest);
      return reader;
    },
    changedPaths: (oldCommit: string | null, newCommit: string) => changedPaths({ fs, gitdir, cache, oldCommit, newCommit }),
    hasCommit: async (commit: string) => {
      try {
        await git.readCommit({ fs, gitdir, cache, oid: commit });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The git directory of a working tree (.git dir or file), or the path itself when it is bare. */
export async function findGitdir(path: string): Promise<string | undefined> {
  const dotGit = join(path, '.git');
  const info = await stat(dotGit).catch(() => undefined);
  if (info?.isDirectory()) return dotGit;
  if (info?.isFile()) {
    const match = /^gitdir:\s*(.+)$/m.exec(await readFile(dotGit, 'utf8')); // worktrees, submodules
    if (match?.[1]) return resolve(path, match[1].trim());
  }
  const bare = await stat(join(path, 'objects')).catch(() => undefined);
  return bare?.isDirectory() && (await stat(join(path, 'HEAD')).catch(() => undefined)) ? path : undefined;
}

async function openLocal(options: GitSourceOptions): Promise<GitSource> {
  const path = resolve(options.repo);
  const gitdir = await findGitdir(path);
  if (!gitdir) {
    throw new StackshiftError(codes.GIT_SOURCE, `${options.repo} is not a Git repository`, {
      hint: 'the daemon follows commits: run `git init && git add -A && git commit` there, or give an https:// URL',
    });
  }
  const cache = {};
  const branch = options.branch ?? (await git.currentBranch({ fs, gitdir }).catch(() => undefined)) ?? 'main';
  return {
    label: options.repo, branch, remote: false, gitdir, ...common(gitdir, cache, options.repo),
    pushRef: async () => 'local',
    fetchRef: async () => undefined,
    async sync() {
      try {
        return await git.resolveRef({ fs, gitdir, ref: `refs/heads/${branch}` });
      } catch {
        throw new StackshiftError(codes.GIT_SOURCE, `${options.repo} has no branch ${branch}`, {
          hint: 'name the branch to follow with --branch, or commit to it first', data: { branch },
        });
      }
    },
  };
}

async function openRemote(options: GitSourceOptions): Promise<GitSource> {
  const url = new URL(options.repo);
  if (url.password) {
    throw new UsageError(`the repository URL ${redactUrl(options.repo)} carries a password`,
      'remove it from the URL and put it in STACKSHIFT_GIT_TOKEN (or STACKSHIFT_GIT_USERNAME/PASSWORD, or a file named by STACKSHIFT_GIT_CREDENTIALS_FILE)');
  }
  const env = options.env ?? process.env;
  const found = await gitCredentialsFromEnv(env);
  const credentials: GitCredentials | undefined = found && url.username && !env.STACKSHIFT_GIT_USERNAME ? { ...found, username: decodeURIComponent(url.username) } : found;
  url.username = '';
  const cleanUrl = url.toString();
  if (!options.workDir) throw new StackshiftError(codes.INTERNAL, 'a remote Git source needs a work directory to clone into');
  const dir = join(options.workDir, createHash('sha256').update(cleanUrl).digest('hex').slice(0, 16));
  const gitdir = join(dir, '.git');
  const cache = {};
  const http = options.http ?? nodeHttp;
  const auth = {
    onAuth: () => credentials ?? { cancel: true },
    onAuthFailure: () => ({ cancel: true }),
  };
  const exclusive = serialised();

  async function wrap<T>(what: string, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (err) {
      const e = err as { code?: string; data?: { statusCode?: number }; message?: string };
      const status = e.data?.statusCode;
      const authProblem = status === 401 || status === 403 || e.code === 'UserCanceledError';
      const message = scrubSecret(e.message ?? String(err), credentials);
      throw new StackshiftError(authProblem ? codes.AUTH_FAILED : codes.GIT_SOURCE, `cannot ${what} ${cleanUrl}: ${message}`, {
        hint: authProblem
          ? credentials ? 'the Git server refused the credentials: check the token and its access to this repository' : 'the repository needs credentials: set STACKSHIFT_GIT_TOKEN or STACKSHIFT_GIT_CREDENTIALS_FILE'
          : 'check the URL and that the Git server is reachable; the daemon retries on its next poll',
        retry: authProblem ? 'never' : 'backoff',
        data: { url: cleanUrl, ...(status === undefined ? {} : { status }), ...(e.code ? { gitError: e.code } : {}) },
      });
    }
  }

  const cloned = (await stat(join(gitdir, 'HEAD')).catch(() => undefined)) !== undefined;
  let branch = options.branch;
  if (!cloned) {
    await mkdir(dir, { recursive: true });
    // A failed clone is removed so the next start does not mistake it for a usable one.
    await wrap('clone', () => git.clone({ fs, http, dir, gitdir, cache, url: cleanUrl, singleBranch: true, noCheckout: true, noTags: true, ...(branch ? { ref: branch } : {}), ...auth }))
      .catch(async (err: unknown) => {
        await rm(dir, { recursive: true, force: true });
        throw err;
      });
  }
  branch ??= (await git.currentBranch({ fs, gitdir })) ?? 'main';
  const tracked = branch;

  return {
    label: cleanUrl, branch: tracked, remote: true, gitdir, ...common(gitdir, cache, cleanUrl),
    pushRef: (ref) => exclusive(async () => {
      const result = await wrap('push to', () => git.push({ fs, http, gitdir, cache, remote: 'origin', ref, remoteRef: ref, ...auth }));
      if (!result.ok) {
        const why = Object.values(result.refs).map((r) => r.error).filter(Boolean).join('; ');
        throw new StackshiftError(codes.GIT_SOURCE, `${cleanUrl} refused ${ref}: ${scrubSecret(why || result.error || 'rejected', credentials)}`, {
          hint: 'the remote ref moved or the token may not push; the next pass tries again', retry: 'backoff',
        });
      }
      return 'pushed' as const;
    }),
    fetchRef: (ref) => exclusive(async () => {
      const result = await wrap('fetch', () => git.fetch({ fs, http, gitdir, cache, remote: 'origin', ref, remoteRef: ref, singleBranch: true, tags: false, ...auth })
        .catch((err: unknown) => {
          if ((err as { code?: string }).code === 'NotFoundError') return { fetchHead: null };
          throw err;
        }));
      return result.fetchHead ?? undefined;
    }),
    sync: () => exclusive(async () => {
      const result = await wrap('fetch', () => git.fetch({ fs, http, gitdir, cache, remote: 'origin', ref: tracked, singleBranch: true, tags: false, ...auth }));
      if (result.fetchHead) return result.fetchHead;
      try {
        return await git.resolveRef({ fs, gitdir, ref: `refs/remotes/origin/${tracked}` });
      } catch {
        throw new StackshiftError(codes.GIT_SOURCE, `${cleanUrl} has no branch ${tracked}`, { hint: 'name the branch to follow with --branch', data: { branch: tracked } });
      }
    }),
  };
}

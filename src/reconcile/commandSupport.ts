/**
 * What `plan` and `apply` share: the desired state at a revision of a repository and (read-only,
 * no lock) the event log. The clouds come from src/wiring.ts.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { codes, StackshiftError } from '../errors.js';
import { loadDesiredState } from '../desired/load.js';
import { formatProblem } from '../desired/problem.js';
import type { DesiredState } from '../desired/model.js';
import { eventLogDir } from '../events/stateDir.js';
import { LogFollower } from '../events/logFollower.js';
import type { EventStore, StoredEvent } from '../events/store.js';
import { dirReader } from '../source/dirReader.js';
import { isRemoteRepo, openGitSource } from '../source/gitSource.js';
import type { RepoReader } from '../source/repoReader.js';

export interface DesiredAtRevision {
  commit: string;
  reader: RepoReader;
  state: DesiredState;
}

/** A local directory without Git is planned as it is (its path stands in for the commit). */
export async function openRevision(repo: string, rev: string | undefined, stateDir: string): Promise<{ commit: string; reader: RepoReader }> {
  const local = !isRemoteRepo(repo);
  if (local && !(await stat(join(repo, '.git')).catch(() => undefined))) {
    if (rev) throw new StackshiftError(codes.USAGE, `--rev needs a Git repository, and ${repo} is not one`, { exitCode: 1 });
    return { commit: `dir:${repo}`, reader: await dirReader(repo) };
  }
  const isSha = rev !== undefined && /^[0-9a-f]{40}$/i.test(rev);
  const source = await openGitSource({ repo, workDir: join(stateDir, 'git'), ...(rev && !isSha ? { branch: rev } : {}) });
  const commit = isSha ? (rev as string).toLowerCase() : await source.sync();
  return { commit, reader: source.reader(commit) };
}

export async function loadValid(commit: string, reader: RepoReader): Promise<DesiredAtRevision> {
  const loaded = await loadDesiredState(reader);
  if (loaded.problems.length > 0) {
    const lines = loaded.problems.slice(0, 20).map((p) => formatProblem(p));
    throw new StackshiftError(codes.DESIRED_STATE_INVALID, `${reader.label} does not validate (${loaded.problems.length} problem(s)):\n${lines.join('\n')}`, {
      hint: 'run `stackshift validate` on it and fix every problem first',
    });
  }
  return { commit, reader, state: loaded.state };
}

/**
 * The event log read without taking its lock (a daemon may be writing it): read once, then
 * served from memory (plan folds the keypair inventory and the workflow items from it).
 */
export function readOnlyLog(stateDir: string): Pick<EventStore, 'readAll'> {
  let loaded: Promise<StoredEvent[]> | undefined;
  const events = () => (loaded ??= (async () => {
    const all: StoredEvent[] = [];
    await new LogFollower(eventLogDir(stateDir)).poll((e) => all.push(e));
    return all;
  })());
  return {
    async *readAll(options = {}) {
      for (const e of await events()) if (e.position >= (options.fromPosition ?? 0)) yield e;
    },
  };
}

/**
 * What `plan` and `apply` share: the desired state at a revision of a repository, the clouds its
 * stackshift.yaml names, and (read-only, no lock) what the event log says stackshift created.
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
import { loadCloudConfig } from '../executors/openstack/cloudConfig.js';
import { createOpenStackClient, type OpenStackClient } from '../executors/openstack/client.js';
import type { Clock } from '../ports.js';
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

export interface CloudsForState {
  source: OpenStackClient;
  destination: OpenStackClient;
  destinationAdmin?: OpenStackClient;
  close(): Promise<void>;
}

export async function openClouds(state: DesiredState, clock: Clock, env: NodeJS.ProcessEnv = process.env): Promise<CloudsForState> {
  const open = async (name: string) => createOpenStackClient(await loadCloudConfig(name, { env }), { clock });
  const source = await open(state.config.source.cloud);
  const destination = await open(state.config.destination.cloud);
  const admin = state.config.destination.adminCloud ? await open(state.config.destination.adminCloud).catch(() => undefined) : undefined;
  return {
    source, destination, ...(admin ? { destinationAdmin: admin } : {}),
    async close() {
      await Promise.all([source.close(), destination.close(), admin?.close()]);
    },
  };
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

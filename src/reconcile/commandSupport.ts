/**
 * What `plan` and `apply` share: the desired state at a revision of a repository and (read-only,
 * no lock) the event log. The clouds come from src/wiring.ts.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { codes, StackshiftError } from '../errors.js';
import type { DesiredState } from '../desired/model.js';
import { eventLogDir } from '../events/stateDir.js';
import { LogFollower } from '../events/logFollower.js';
import type { EventStore, StoredEvent } from '../events/store.js';
import { dirReader } from '../source/dirReader.js';
import { isRemoteRepo, openGitSource } from '../source/gitSource.js';
import type { RepoReader } from '../source/repoReader.js';
import type { CloudNames, CloudPorts } from '../ports.js';
import { parse } from 'yaml';

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
  // Loaded at first use (ajv, both YAML parsers: 0.1-0.3 s), so plan and apply send their token requests first.
  const [{ loadDesiredState }, { formatProblem }] = await Promise.all([import('../desired/load.js'), import('../desired/problem.js')]);
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
 * loadValid, with the clouds the commit's stackshift.yaml names opened meanwhile: a Keystone token
 * takes 0.5–2 s and validation 0.3–0.6 s (more on a busy machine), and neither needs the other.
 * Before the commit has validated the clouds are only asked for tokens (opening reads and changes
 * nothing); a commit that does not validate closes them and fails with its problems, as before.
 * The clouds used are always those of the validated config: when it names others (it cannot,
 * short of a reader that changes under us) they are opened afresh.
 */
export async function loadValidWithClouds(commit: string, reader: RepoReader, open: (names: CloudNames) => Promise<CloudPorts>): Promise<DesiredAtRevision & { clouds: CloudPorts }> {
  const names = await cloudNamesIn(reader);
  const opened = names && { names, clouds: open(names) };
  // Validation holds the event loop for most of its time (schema compilation): the token requests
  // go out first, or they would only leave once it is done. A failure is told after validation.
  await opened?.clouds.catch(() => undefined);
  let loaded: DesiredAtRevision;
  try {
    loaded = await loadValid(commit, reader);
  } catch (err) {
    await opened?.clouds.then((c) => c.close(), () => undefined);
    throw err;
  }
  if (opened && sameClouds(opened.names, loaded.state.config)) return { ...loaded, clouds: await opened.clouds };
  await opened?.clouds.then((c) => c.close(), () => undefined);
  return { ...loaded, clouds: await open(loaded.state.config) };
}

/** The cloud entries stackshift.yaml names, read without validating it (undefined when unclear). */
async function cloudNamesIn(reader: RepoReader): Promise<CloudNames | undefined> {
  try {
    // CONFIG_FILE written out: importing desired/repoFiles.ts would load the YAML validation's modules first.
    const raw = parse(new TextDecoder().decode(await reader.read('stackshift.yaml'))) as { source?: Record<string, unknown>; destination?: Record<string, unknown> } | null;
    const side = (s: Record<string, unknown> | undefined) => {
      if (typeof s?.cloud !== 'string') return undefined;
      return { cloud: s.cloud, ...(typeof s.adminCloud === 'string' ? { adminCloud: s.adminCloud } : {}) };
    };
    const source = side(raw?.source);
    const destination = side(raw?.destination);
    return source && destination ? { source, destination } : undefined;
  } catch {
    return undefined; // validation says what is wrong with it
  }
}

function sameClouds(a: CloudNames, b: CloudNames): boolean {
  return a.source.cloud === b.source.cloud && a.source.adminCloud === b.source.adminCloud
    && a.destination.cloud === b.destination.cloud && a.destination.adminCloud === b.destination.adminCloud;
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

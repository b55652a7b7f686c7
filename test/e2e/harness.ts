/**
 * End-to-end harness: the simulated clouds, a real Git repository made from example-repo/ (with
 * prune allowed, so reverts can remove what they added), a state dir, and the real daemon
 * (runDaemon + reconcileRuntime + reconcilePass) either in this process or as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { DaemonLoop, PassRecord } from '../../src/daemon/loop.js';
import { reconcileRuntime, type ReconcileRuntime } from '../../src/daemon/reconcileRuntime.js';
import { runDaemon } from '../../src/daemon/runDaemon.js';
import { exampleRepoDir, packageRoot } from '../../src/paths.js';
import type { Output } from '../../src/ports.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { systemClock } from '../../src/wiring.js';
import type { AnyWorkflowModule } from '../../src/workflows/module.js';
import { createGitRepo, readTreeOfDir, type GitRepoFixture } from '../fixtures/gitRepo.js';

export const silent: Output = { out: () => undefined, err: () => undefined, interactive: false };

export interface E2E {
  sim: Simulator;
  /** Child processes started by spawnDaemon; cleanup() kills any still running. */
  children: ChildProcess[];
  repo: GitRepoFixture;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  /** Names of the destination's records of one simulator collection ('networks', ...). */
  names(collection: string): string[];
  /** Edits one YAML file of the head commit through a function and commits the result. */
  editYaml(path: string, edit: (doc: any) => void, message: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const work = await mkdtemp(join(tmpdir(), 'stackshift-e2e-'));
  const sim = await startSimulator();
  const cloudsYaml = join(work, 'clouds.yaml');
  await sim.writeCloudsYaml(cloudsYaml);
  const env = { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml, OS_CLOUD: '' };
  const files = await readTreeOfDir(exampleRepoDir());
  const config = parse(Buffer.from(files['stackshift.yaml'] as Uint8Array).toString('utf8'));
  config.policy = { ...(config.policy ?? {}), prune: true };
  files['stackshift.yaml'] = stringify(config);
  const repo = await createGitRepo(files, { dir: join(work, 'repo'), message: 'acme-shop desired state' });
  const e2e: E2E = {
    sim, repo, env, children: [], stateDir: join(work, 'state'),
    names: (collection) => sim.cloud('destination').state.collection<{ id: string; name?: string }>(collection).values().map((r) => r.name ?? r.id).sort(),
    async editYaml(path, edit, message) {
      const current = (await repo.files())[path];
      if (typeof current !== 'string') throw new Error(`${path} is not a file of the head commit`);
      const doc = parse(current);
      edit(doc);
      return repo.commit({ [path]: stringify(doc) }, message);
    },
    async cleanup() {
      for (const child of e2e.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await sim.close();
      await rm(work, { recursive: true, force: true });
    },
  };
  return e2e;
}

export interface InProcessDaemon {
  loop: () => DaemonLoop;
  runtime: ReconcileRuntime;
  records: PassRecord[];
  /** Resolves with the first pass record (from now on) that matches. */
  waitForPass(match: (record: PassRecord) => boolean, timeoutMs?: number): Promise<PassRecord>;
  stop(): Promise<void>;
}

/** The real daemon in this process, polling every 50 ms, drift passes only when poked. */
export async function startInProcess(e2e: E2E, options: { modules?: readonly AnyWorkflowModule[] } = {}): Promise<InProcessDaemon> {
  const runtime = await reconcileRuntime({ stateDir: e2e.stateDir, clock: systemClock, output: silent, log: () => undefined, env: e2e.env, ...(options.modules ? { modules: options.modules } : {}) });
  const records: PassRecord[] = [];
  const waiters: Array<{ match: (r: PassRecord) => boolean; done: (r: PassRecord) => void }> = [];
  const stop = new AbortController();
  let loop: DaemonLoop | undefined;
  let started!: () => void;
  const ready = new Promise<void>((done) => (started = done));
  const running = runDaemon(
    { repo: e2e.repo.dir, stateDir: e2e.stateDir, pollIntervalMs: 50, driftIntervalMs: 0 },
    {
      ...runtime,
      onStarted: (info) => {
        loop = info.loop;
        started();
      },
      onPass: (record) => {
        records.push(record);
        for (const w of waiters.splice(0)) (w.match(record) ? w.done(record) : waiters.push(w));
      },
    },
    stop.signal,
  );
  await Promise.race([ready, running]);
  return {
    loop: () => {
      if (!loop) throw new Error('the daemon has not started');
      return loop;
    },
    runtime, records,
    waitForPass: (match, timeoutMs = 20_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching pass within ${timeoutMs} ms; passes: ${JSON.stringify(records.map((r) => [r.reason, r.commit.slice(0, 7), r.outcome?.result ?? r.error]))}`)), timeoutMs);
      waiters.push({ match, done: (r) => (clearTimeout(timer), resolve(r)) });
    }),
    async stop() {
      stop.abort();
      await running;
      await runtime.close();
    },
  };
}

/** `stackshift daemon` as a child process (so it can be SIGKILLed), its stderr collected. */
export function spawnDaemon(e2e: E2E, extraArgs: string[] = []): { child: ChildProcess; log: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src/cli/main.ts'), 'daemon', '--repo', e2e.repo.dir,
    '--state', e2e.stateDir, '--interval', '100ms', '--drift-interval', '0', ...extraArgs], { env: e2e.env, stdio: ['ignore', 'pipe', 'pipe'] });
  e2e.children.push(child);
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, log: () => text, exited };
}

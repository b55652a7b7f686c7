import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import type { PassRecord } from '../../src/daemon/loop.js';
import { runDaemon } from '../../src/daemon/runDaemon.js';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import { systemClock } from '../../src/wiring.js';
import { createGitRepo } from '../fixtures/gitRepo.js';
import { serveGitOverHttp } from '../source/gitHttpServer.js';

test('runDaemon: a signed webhook makes the daemon apply a new commit at once; status shows it; abort stops it', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  const stateDir = await mkdtemp(join(tmpdir(), 'stackshift-state-'));
  const secret = Buffer.from('hook-secret');
  const stop = new AbortController();
  const passes: PassRecord[] = [];
  const waiters: Array<() => void> = [];
  const lines: string[] = [];
  let url = '';
  try {
    const first = await repo.head();
    const running = runDaemon(
      { repo: repo.dir, stateDir, pollIntervalMs: 3_600_000, driftIntervalMs: 0, listen: { host: '127.0.0.1', port: 0 }, webhookSecret: secret },
      {
        clock: systemClock, log: (l) => lines.push(l), store: createMemoryEventStore(),
        makeDeps: async ({ commit }) => ({ madeFor: commit }),
        pass: async (deps, input) => {
          assert.equal(deps.madeFor, input.commit, 'deps are made for the commit of the pass');
          return { result: 'applied', commit: input.commit, changes: 1, failedSteps: 0 };
        },
        onPass: (r) => {
          passes.push(r);
          waiters.splice(0).forEach((w) => w());
        },
        onStarted: (info) => (url = info.url ?? ''),
      },
      stop.signal,
    );
    const nextPass = () => new Promise<void>((done) => waiters.push(done));
    await nextPass();
    assert.deepEqual(passes.map((p) => p.commit), [first]);
    const second = await repo.commit({ 'state.yml': 'v2' });
    const body = JSON.stringify({ ref: 'refs/heads/main', after: second });
    const passed = nextPass();
    const hook = await fetch(`${url}/hooks/git`, { method: 'POST', body, headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` } });
    assert.equal(hook.status, 202);
    await passed; // well before the hour-long poll interval
    assert.deepEqual(passes.map((p) => `${p.reason}:${p.commit}`), [`commit:${first}`, `commit:${second}`]);
    const status = (await (await fetch(`${url}/status`)).json()) as { condition: string; daemon: { current: string; branch: string; passes: number } };
    assert.equal(status.daemon.current, second);
    assert.equal(status.daemon.branch, 'main');
    assert.equal(status.daemon.passes, 2);
    assert.equal(status.condition, 'Ready', 'the fake pass wrote no events: nothing is pending');
    stop.abort();
    await running;
    await assert.rejects(fetch(`${url}/healthz`), 'the server is closed on stop');
    assert.ok(lines.some((l) => l.startsWith('webhook from github')));
  } finally {
    stop.abort();
    await repo.cleanup();
    await rm(stateDir, { recursive: true, force: true });
  }
});

test('runDaemon follows an HTTP remote with a token from the environment, cloned under <state>/git', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  const server = await serveGitOverHttp(dirname(repo.dir), { username: 'x-access-token', password: 'tok-123456789' });
  const stateDir = await mkdtemp(join(tmpdir(), 'stackshift-state-'));
  const stop = new AbortController();
  const seen: string[] = [];
  try {
    const head = await repo.head();
    await runDaemon(
      { repo: `${server.url}/${basename(repo.dir)}`, stateDir, pollIntervalMs: 3_600_000, driftIntervalMs: 0 },
      {
        clock: systemClock, log: () => undefined, store: createMemoryEventStore(), env: { STACKSHIFT_GIT_TOKEN: 'tok-123456789' },
        makeDeps: async () => ({}),
        pass: async (_deps, input) => {
          seen.push(`${input.commit}:${Buffer.from(await input.reader.read('state.yml')).toString()}`);
          stop.abort();
          return { result: 'applied', commit: input.commit, changes: 0, failedSteps: 0 };
        },
      },
      stop.signal,
    );
    assert.deepEqual(seen, [`${head}:v1`]);
    assert.equal((await readdir(join(stateDir, 'git'))).length, 1, 'one clone in the state dir');
    assert.ok(server.authorizations.length > 0);
  } finally {
    stop.abort();
    await server.close();
    await repo.cleanup();
    await rm(stateDir, { recursive: true, force: true });
  }
});

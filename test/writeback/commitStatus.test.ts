import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runDaemon } from '../../src/daemon/runDaemon.js';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import { systemClock } from '../../src/wiring.js';
import { ownerAndRepo, postCommitStatus, readStatusToken, type StatusProvider } from '../../src/writeback/commitStatus.js';
import { createGitRepo } from '../fixtures/gitRepo.js';
import { tempDir } from '../fixtures/tempDir.js';

interface Seen { method: string; path: string; authorization: string; body: Record<string, unknown> }

/** A loopback API that records status requests and answers with `status`. */
async function statusApi(status = 201) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: String(req.headers.authorization), body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status < 300 ? { id: 1 } : { message: 'Bad credentials' }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((done) => server.close(() => done())) };
}

async function daemonOnce(provider: StatusProvider, apiUrl: string, result: 'applied' | 'rejected', lines: string[]) {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  const stateDir = await tempDir('stackshift-state-');
  const stop = new AbortController();
  const target = { provider, baseUrl: apiUrl, owner: 'ops', repo: 'estate', token: 'sekrit-status-token' };
  try {
    await runDaemon(
      { repo: repo.dir, stateDir, pollIntervalMs: 3_600_000, driftIntervalMs: 0, writeBack: { notesRef: null, commitStatus: (s) => postCommitStatus(target, s) } },
      {
        clock: systemClock, log: (l) => lines.push(l), store: createMemoryEventStore(), makeDeps: async () => ({}),
        pass: async (_d, input) => ({ result, commit: input.commit, changes: 0, failedSteps: 0 }),
        onPass: () => stop.abort(),
      },
      stop.signal,
    );
    return await repo.head();
  } finally {
    await repo.cleanup();
  }
}

test('GitHub: the daemon posts a success status for an applied commit, token as a bearer header', async () => {
  const api = await statusApi();
  const lines: string[] = [];
  try {
    const sha = await daemonOnce('github', api.url, 'applied', lines);
    assert.equal(api.seen.length, 1);
    const [req] = api.seen;
    assert.equal(req?.method, 'POST');
    assert.equal(req?.path, `/repos/ops/estate/statuses/${sha}`);
    assert.equal(req?.authorization, 'Bearer sekrit-status-token');
    assert.equal(req?.body.state, 'success');
    assert.equal(req?.body.context, 'stackshift');
    assert.match(String(req?.body.description), /^stackshift commit pass applied: 0 applied, 0 failed/);
    assert.ok(String(req?.body.description).length <= 140);
  } finally {
    await api.close();
  }
});

test('Gitea: /api/v1 is added, the token goes as `token …`, a rejected commit is a failure', async () => {
  const api = await statusApi();
  const lines: string[] = [];
  try {
    const sha = await daemonOnce('gitea', api.url, 'rejected', lines);
    assert.equal(api.seen[0]?.path, `/api/v1/repos/ops/estate/statuses/${sha}`);
    assert.equal(api.seen[0]?.authorization, 'token sekrit-status-token');
    assert.equal(api.seen[0]?.body.state, 'failure');
  } finally {
    await api.close();
  }
});

test('a refused status is a warning without the token; the pass is not failed', async () => {
  const api = await statusApi(401);
  const lines: string[] = [];
  try {
    await daemonOnce('github', api.url, 'applied', lines);
    const warning = lines.find((l) => l.startsWith('warning: cannot set the commit status'));
    assert.ok(warning, lines.join('\n'));
    assert.match(warning, /github answered 401 .*Bad credentials/);
    assert.ok(lines.every((l) => !l.includes('sekrit-status-token')));
    assert.ok(lines.some((l) => /commit pass for \w+: applied/.test(l)));
  } finally {
    await api.close();
  }
});

test('owner/repo come from the repository URL unless named; the token from a file or the environment', async () => {
  assert.deepEqual(ownerAndRepo(undefined, 'https://github.com/ops/estate.git'), { owner: 'ops', repo: 'estate' });
  assert.deepEqual(ownerAndRepo('team/desired', '/srv/repo'), { owner: 'team', repo: 'desired' });
  assert.throws(() => ownerAndRepo(undefined, '/srv/repo'), /cannot tell which repository/);
  const dir = await tempDir('stackshift-token-');
  await writeFile(join(dir, 'token'), 'abc123\n');
  assert.equal(await readStatusToken(join(dir, 'token'), {}), 'abc123');
  assert.equal(await readStatusToken(undefined, { STACKSHIFT_COMMIT_STATUS_TOKEN: 'envtok' }), 'envtok');
  await assert.rejects(readStatusToken(undefined, {}), /needs a token/);
});

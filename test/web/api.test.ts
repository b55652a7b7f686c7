import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDaemonServer, type DaemonServer } from '../../src/daemon/server.js';
import { openFileEventStore } from '../../src/events/fileStore.js';
import type { EventStore } from '../../src/events/store.js';
import type { ItemView } from '../../src/workflows/decideAll.js';
import { BoardProjection } from '../../src/web/boardProjection.js';
import { block, finish, GiB, progress, startCopy } from './estateEvents.js';
import { openStream } from './sseClient.js';

const commit = 'c0ffee'.padEnd(40, '0');
const view = (id: string, wave: number, decision: ItemView['decision']): ItemView => ({
  workflow: 'workload', id, stream: `workload:${id}`, wave, desired: true, decision, progress: { phase: 'Preflight', remaining: [], started: false, bytesTotal: 20 * GiB },
});

interface Rig {
  store: EventStore;
  server: DaemonServer;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

async function rig(options: { operatorToken?: string; items?: ItemView[]; metrics?: boolean } = {}): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-web-'));
  const store = await openFileEventStore(dir);
  const stop = new AbortController();
  const { board } = await BoardProjection.follow(store, { signal: stop.signal, items: () => options.items ?? [] });
  const server = await startDaemonServer({
    host: '127.0.0.1', port: 0, webhookSecret: Buffer.from('webhook-secret-0123'),
    onWebhook: () => undefined, status: () => ({ condition: 'Reconciling', daemon: { passes: 1 } }),
    web: { store, board },
    ...(options.operatorToken ? { operatorToken: Buffer.from(options.operatorToken) } : {}),
    ...(options.metrics ? { metrics: async () => ({ contentType: 'text/plain; version=0.0.4', body: 'stackshift_up 1\n' }) } : {}),
  });
  return {
    store, server,
    async get(path, headers = {}) {
      const res = await fetch(server.url + path, { headers });
      const text = await res.text();
      return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, headers: res.headers };
    },
    async close() {
      stop.abort();
      await server.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until the board has folded up to the store's last event (the subscription is asynchronous). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

test('/api/status: workloads per wave with phase, bytes, rate and ETA, downtime, blocked first with reason and fix', async () => {
  const r = await rig({
    items: [
      view('web-1', 1, { kind: 'done', reason: 'migrated' }),
      view('web-2', 1, { kind: 'run', activity: { type: 'copy-disks', title: 'copy' } }),
      view('app-1', 2, { kind: 'blocked', reason: 'window weekend never opens', fix: 'fix the schedule of window weekend in stackshift.yaml' }),
      view('db-1', 2, { kind: 'wait', reason: 'wave 1 is not done yet (web-2)' }),
    ],
  });
  try {
    await startCopy(r.store, 'web-1', commit);
    await progress(r.store, 'web-1', commit, 5 * GiB, 10 * GiB, 100 * 1024 ** 2);
    await finish(r.store, 'web-1', commit, 93_000);
    await startCopy(r.store, 'web-2', commit);
    await progress(r.store, 'web-2', commit, 4 * GiB, 10 * GiB, 200 * 1024 ** 2);
    await block(r.store, 'app-1', commit, 'window weekend never opens', 'fix the schedule of window weekend in stackshift.yaml');
    await until(async () => (await r.get('/api/status')).body.boardPosition >= 0 && (await r.get('/api/workloads/app-1')).body.item?.state === 'blocked');
    const { status, body } = await r.get('/api/status');
    assert.equal(status, 200);
    assert.equal(body.condition, 'Reconciling', 'the status view is part of the answer');
    assert.deepEqual(body.waves.map((w: any) => [w.wave, w.workloads.map((i: any) => `${i.id}:${i.state}`)]), [
      [1, ['web-2:running', 'web-1:done']],
      [2, ['app-1:blocked', 'db-1:waiting']],
    ]);
    const [wave1, wave2] = body.waves;
    const web2 = wave1.workloads[0];
    assert.equal(web2.phase, 'Copy');
    assert.equal(web2.bytesDone, 4 * GiB);
    assert.equal(web2.bytesTotal, 20 * GiB, 'the desired size, from the runner view');
    assert.equal(web2.rateBytesPerSec, 200 * 1024 ** 2);
    assert.equal(web2.etaSeconds, Math.round((16 * GiB) / (200 * 1024 ** 2)));
    assert.equal(web2.activity, "copy web-2's disks (10 GiB)");
    const web1 = wave1.workloads[1];
    assert.equal(web1.phase, 'Migrated');
    assert.equal(web1.downtimeMs, 93_000);
    assert.equal(web1.rateBytesPerSec, undefined, 'a finished copy has no rate');
    assert.deepEqual([wave2.workloads[0].reason, wave2.workloads[0].fix], ['window weekend never opens', 'fix the schedule of window weekend in stackshift.yaml']);
    assert.equal(wave2.workloads[1].phase, 'Preflight', 'an item with no events yet comes from the runner');
    assert.deepEqual(body.blocked, ['workload:app-1']);
    assert.equal(body.rate.bytesPerSec, 200 * 1024 ** 2);
    assert.ok(body.rate.series.length >= 1);
  } finally {
    await r.close();
  }
});

test('/api/events pages through the log; bad parameters get a clear 400', async () => {
  const r = await rig();
  try {
    await startCopy(r.store, 'web-1', commit);
    const all = (await r.get('/api/events?limit=1000')).body;
    assert.equal(all.events.length, 11);
    assert.equal(all.more, false);
    const first = (await r.get('/api/events?limit=4')).body;
    assert.deepEqual(first.events.map((e: any) => e.position), [0, 1, 2, 3]);
    assert.equal(first.more, true);
    const second = (await r.get(`/api/events?after=${first.next}&limit=4`)).body;
    assert.deepEqual(second.events.map((e: any) => e.position), [4, 5, 6, 7]);
    assert.equal(second.events[0].commit, commit);
    assert.ok(second.events[0].time);
    const none = (await r.get('/api/events?after=100')).body;
    assert.deepEqual(none, { events: [], next: 100, more: false });
    for (const bad of ['after=x', 'after=-2', 'limit=0', 'limit=5000', 'after=1.5']) {
      const res = await r.get(`/api/events?${bad}`);
      assert.equal(res.status, 400, bad);
      assert.match(res.body.error, /is not a whole number/);
      assert.ok(res.body.hint);
    }
  } finally {
    await r.close();
  }
});

test('/api/workloads/NAME and /api/nodes/HOST: the card and every event with time and commit; unknown names are 404', async () => {
  const r = await rig();
  try {
    await startCopy(r.store, 'db 1', commit);
    await r.store.append('node:compute-7', [{ type: 'NodeActivityStarted', data: { activity: 'drain', title: 'drain compute-7', attempt: 1 }, commit }]);
    await until(async () => (await r.get('/api/nodes/compute-7')).status === 200);
    const workload = await r.get('/api/workloads/db%201');
    assert.equal(workload.status, 200);
    assert.equal(workload.body.item.id, 'db 1');
    assert.equal(workload.body.item.phase, 'Copy');
    assert.equal(workload.body.history.length, 11);
    assert.deepEqual(workload.body.history.map((e: any) => e.version), [...Array(11).keys()]);
    assert.ok(workload.body.history.every((e: any) => e.commit === commit && typeof e.time === 'string'));
    const node = await r.get('/api/nodes/compute-7');
    assert.equal(node.body.item.state, 'running');
    assert.equal(node.body.item.activity, 'drain compute-7');
    assert.equal(node.body.item.phase, 'InService');
    const missing = await r.get('/api/workloads/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: 'no workload nope', hint: 'GET /api/status lists every workload' });
    assert.equal((await r.get('/api/workloads/%E0%A4%A')).status, 400);
  } finally {
    await r.close();
  }
});

test('/api/stream sends each new event with id = position and the folded card; Last-Event-ID resumes after it', async () => {
  const r = await rig();
  try {
    await startCopy(r.store, 'web-1', commit);
    await until(async () => (await r.get('/api/status')).body.boardPosition === 10);
    const live = await openStream(`${r.server.url}/api/stream`);
    assert.equal(live.res.headers.get('content-type'), 'text/event-stream');
    await progress(r.store, 'web-1', commit, 2 * GiB, 10 * GiB, 50 * 1024 ** 2);
    const m = await live.next();
    assert.equal(m.id, '11', 'without a position, only new events come');
    const data = JSON.parse(m.data);
    assert.equal(data.event.type, 'DiskCopyProgressed');
    assert.equal(data.item.bytesDone, 2 * GiB, 'the card already includes the event');
    assert.equal(data.rate[1], 50 * 1024 ** 2);
    live.close();

    await progress(r.store, 'web-1', commit, 3 * GiB, 10 * GiB, 50 * 1024 ** 2);
    await finish(r.store, 'web-1', commit);
    const resumed = await openStream(`${r.server.url}/api/stream`, { 'last-event-id': '11' });
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push((await resumed.next()).id!);
    assert.deepEqual(ids, ['12', '13', '14', '15', '16', '17', '18', '19', '20'], 'every event after 11, once, in order');
    await r.store.append('workload:web-1', [{ type: 'WorkloadWaiting', data: { reason: 'later' }, commit }]);
    assert.equal((await resumed.next()).id, '21', 'then live');
    resumed.close();

    const fromStart = await openStream(`${r.server.url}/api/stream?after=-1`);
    assert.equal((await fromStart.next()).id, '0');
    fromStart.close();
    assert.equal((await r.get('/api/stream?after=abc')).status, 400);
  } finally {
    await r.close();
  }
});

test('read-only: non-GET requests need the operator token (constant-time bearer check); the webhook keeps its HMAC', async () => {
  const open = await rig();
  try {
    const res = await fetch(`${open.server.url}/api/status`, { method: 'POST', headers: { authorization: 'Bearer anything' } });
    assert.equal(res.status, 405);
    assert.deepEqual(await res.json(), { error: 'the API is read-only', hint: 'start the daemon with --operator-token-file to allow operator actions' });
  } finally {
    await open.close();
  }
  const token = 'operator-token-0123456789abcdef';
  const guarded = await rig({ operatorToken: token });
  try {
    const post = (path: string, headers: Record<string, string> = {}) => fetch(guarded.server.url + path, { method: 'POST', headers, body: '{}' });
    const none = await post('/api/workloads/web-1');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal(((await none.json()) as { error: string }).error, 'operator token required');
    const wrong = await post('/api/workloads/web-1', { authorization: `Bearer ${token}x` });
    assert.equal(wrong.status, 401);
    const text = await wrong.text();
    assert.ok(!text.includes(token), 'the token is never echoed');
    assert.equal((await post('/api/workloads/web-1', { authorization: `Bearer ${token}` })).status, 404, 'no operator action exists yet');
    assert.equal((await post('/hooks/git', { authorization: `Bearer ${token}` })).status, 401, 'the bearer token does not replace the webhook signature');
    const body = '{}';
    const signed = await post('/hooks/git', { 'x-hub-signature-256': `sha256=${createHmac('sha256', 'webhook-secret-0123').update(body).digest('hex')}` });
    assert.equal(signed.status, 202);
    assert.equal((await guarded.get('/api/status')).status, 200, 'reading needs no token');
  } finally {
    await guarded.close();
  }
});

test('/metrics answers from the metrics option and is 404 without it; the page and its files are served', async () => {
  const r = await rig({ metrics: true });
  try {
    const metrics = await r.get('/metrics');
    assert.equal(metrics.status, 200);
    assert.equal(metrics.headers.get('content-type'), 'text/plain; version=0.0.4');
    assert.equal(metrics.body, 'stackshift_up 1\n');
    const page = await r.get('/');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    assert.match(page.body, /<script type="module" src="\/board.js"/);
    assert.match(page.headers.get('content-security-policy')!, /default-src 'self'/);
    for (const file of ['/board.js', '/card.js', '/chart.js', '/format.js', '/history.js']) {
      const res = await r.get(file);
      assert.equal(res.status, 200, file);
      assert.match(res.headers.get('content-type')!, /text\/javascript/);
    }
    assert.equal((await r.get('/board.css')).status, 200);
    assert.equal((await r.get('/', { 'if-none-match': page.headers.get('etag')! })).status, 304);
    assert.equal((await r.get('/healthz')).status, 200);
    assert.equal((await r.get('/status')).body.condition, 'Reconciling', '/status is unchanged');
  } finally {
    await r.close();
  }
  const bare = await rig();
  try {
    assert.equal((await bare.get('/metrics')).status, 404);
  } finally {
    await bare.close();
  }
});

test('on loopback only requests addressed to loopback are answered (DNS rebinding); the signed webhook is exempt', async () => {
  const r = await rig();
  try {
    const { request } = await import('node:http');
    const get = (path: string, host: string, method = 'GET') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${r.server.url}${path}`, { method, headers: { host } }, (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject).end();
      });
    const port = new URL(r.server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`, `board.localhost:${port}`]) {
      assert.equal((await get('/api/status', host)).status, 200, host);
    }
    const evil = await get('/api/status', `attacker.example:${port}`);
    assert.equal(evil.status, 421);
    assert.match(JSON.parse(evil.body).error, /answers only requests addressed to loopback/);
    assert.equal((await get('/', '10.0.0.5')).status, 421);
    assert.equal((await get('/hooks/git', 'hooks.example.com', 'POST')).status, 401, 'the webhook is checked by its signature, not its Host');
  } finally {
    await r.close();
  }
});

import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createOpenStackClient, type OpenStackClient } from '../../src/executors/openstack/client.js';
import { loadCloudConfig } from '../../src/executors/openstack/cloudConfig.js';
import { listAll } from '../../src/executors/openstack/pagination.js';
import type { CloudConfig } from '../../src/executors/openstack/types.js';
import { StackshiftError } from '../../src/errors.js';
import { fakeClock, PROJECT, startFakeCloud, type FakeCloud } from './fakeCloud.js';
import { tempDir } from '../fixtures/tempDir.js';

let fake: FakeCloud;
let dir: string;
const logs: string[] = [];
const errors: StackshiftError[] = [];

async function cloud(extra = ''): Promise<CloudConfig> {
  await writeFile(join(dir, 'clouds.yaml'), fake.cloudsEntry(extra));
  return loadCloudConfig('fake', { env: { HOME: dir }, cwd: dir, systemDir: dir });
}

async function client(extra = '', clock = fakeClock()): Promise<{ c: OpenStackClient; clock: ReturnType<typeof fakeClock> }> {
  const c = createOpenStackClient(await cloud(extra), { clock, log: (l) => logs.push(l), random: () => 0.5 });
  return { c, clock };
}

async function failure(p: Promise<unknown>): Promise<StackshiftError> {
  const err = await p.then(() => assert.fail('expected failure'), (e: unknown) => e);
  assert.ok(err instanceof StackshiftError, String(err));
  errors.push(err);
  return err;
}

const servers = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `s${String(i).padStart(3, '0')}`, name: `vm-${i}` }));

describe('OpenStack client', () => {
  before(async () => {
    dir = await tempDir('ss-client-');
    fake = await startFakeCloud();
    fake.routes.push((req, url) => {
      if (url.pathname === '/compute/v2.1/') return { status: 200, body: { version: { id: 'v2.1', version: '2.60', min_version: '2.1' } } };
      if (url.pathname === '/compute/v2.1/servers') return { status: 200, body: { servers: servers(2) } };
      if (url.pathname === '/volume/v3/' + PROJECT + '/volumes') return { status: 200, body: { volumes: [{ id: 'v1' }] } };
      if (url.pathname === '/network/v2.0/echo') return { status: 400, body: { NeutronError: { type: 'Bad', message: `you sent ${String(req.headers['x-auth-token'])}`, detail: '' } } };
      return undefined;
    });
  });
  after(async () => {
    await fake.close();
    // The redaction guarantee, checked on everything the tests produced.
    const secrets = [fake.password, ...fake.tokens];
    const produced = [...logs, ...errors.map((e) => JSON.stringify({ ...e.toJSON(), hint: e.hint, message: e.message, stack: e.stack }))].join('\n');
    for (const s of secrets) assert.ok(!produced.includes(s), `secret leaked: ${s.slice(0, 6)}…`);
    assert.ok(errors.length >= 8 && logs.length > 20, 'the leak check saw real output');
  });

  it('authenticates once, sends the token, finds endpoints by region and fills $(project_id)s', async () => {
    const { c } = await client();
    const r = await c.request<{ servers: unknown[] }>({ service: 'compute', method: 'GET', path: '/servers' });
    assert.equal(r.body.servers.length, 2);
    assert.match(r.requestId!, /^req-/);
    const v = await c.request<{ volumes: unknown[] }>({ service: 'volumev3', method: 'GET', path: '/volumes' });
    assert.deepEqual(v.body.volumes, [{ id: 'v1' }]);
    assert.equal(c.stats().authentications, 1);
    assert.equal(await c.projectId(), PROJECT);
    const last = fake.seen.at(-1)!;
    assert.equal(last.headers['x-auth-token'], fake.tokens.at(-1));
  });

  it('renews the token before it expires and re-authenticates once on a 401', async () => {
    const { c, clock } = await client();
    fake.now = clock.now;
    fake.tokenTtlMs = 600_000;
    await c.request({ service: 'compute', method: 'GET', path: '/servers' });
    clock.advance(500_000); // inside the renewal margin (1/4 of a 10-minute token)
    await c.request({ service: 'compute', method: 'GET', path: '/servers' });
    assert.equal(c.stats().authentications, 2);
    fake.revoked.add(fake.tokens.at(-1)!); // expired server-side mid-run
    const r = await c.request<{ servers: unknown[] }>({ service: 'compute', method: 'GET', path: '/servers' });
    assert.equal(r.body.servers.length, 2);
    assert.equal(c.stats().authentications, 3);
    for (const t of fake.tokens) fake.revoked.add(t);
    fake.tokens.push = () => 0; // new tokens are never valid: the second 401 is final
    const err = await failure(c.request({ service: 'compute', method: 'GET', path: '/servers' }));
    assert.equal(err.code, 'E_HTTP');
    assert.equal(err.data.status, 401);
    delete (fake.tokens as { push?: unknown }).push;
    fake.revoked.clear();
    fake.now = () => Date.now();
    fake.tokenTtlMs = 3_600_000;
  });

  it('retries 503 bursts and honours 429 Retry-After for idempotent calls only', async () => {
    const { c, clock } = await client();
    fake.faults.push({ status: 503 }, { status: 503 }, { status: 429, headers: { 'retry-after': '7' } }, { status: 502 });
    const r = await c.request<{ servers: unknown[] }>({ service: 'compute', method: 'GET', path: '/servers' });
    assert.equal(r.body.servers.length, 2);
    assert.deepEqual(clock.sleeps, [125, 250, 7000, 1000]); // jitter 0.5 × 250·2^n, and Retry-After 7 s
    fake.faults.push({ status: 503, body: { computeFault: { code: 503, message: 'Nova is busy' } } });
    const err = await failure(c.request({ service: 'compute', method: 'POST', path: '/servers', body: { server: {} } }));
    assert.equal(err.code, 'E_HTTP');
    assert.equal(err.retry, 'backoff');
    assert.match(err.message, /compute POST \/servers answered 503: Nova is busy \(request req-\d+\)/);
    assert.equal(clock.sleeps.length, 4, 'POST not retried');
    fake.faults.push(...Array.from({ length: 6 }, () => ({ status: 500 })));
    const gaveUp = await failure(c.request({ service: 'compute', method: 'GET', path: '/servers' }));
    assert.equal(gaveUp.data.status, 500);
    assert.equal(clock.sleeps.length, 9, 'five retries then give up');
  });

  it('retries connection resets for GET but not POST, and times out a hung call', async () => {
    const { c } = await client('    api_timeout: 0.3\n');
    fake.faults.push('reset', 'reset');
    const r = await c.request<{ servers: unknown[] }>({ service: 'compute', method: 'GET', path: '/servers' });
    assert.equal(r.body.servers.length, 2);
    fake.faults.push('reset');
    const post = await failure(c.request({ service: 'compute', method: 'POST', path: '/servers', body: {} }));
    assert.equal(post.code, 'E_CONNECTION');
    assert.match(post.message, /connection failed/);
    const { c: impatient } = await client('    api_timeout: 0.2\n');
    await impatient.request({ service: 'compute', method: 'GET', path: '/servers' });
    fake.faults.push('hang');
    const timeout = await failure(impatient.request({ service: 'compute', method: 'DELETE', path: '/servers/x', idempotent: false }));
    assert.equal(timeout.code, 'E_TIMEOUT');
  });

  it("puts the service's own message and request id in errors, and redacts echoed tokens", async () => {
    const { c } = await client();
    const err = await failure(c.request({ service: 'network', method: 'GET', path: '/echo' }));
    assert.match(err.message, /network GET \/echo answered 400: you sent \[redacted\]/);
    assert.match(String(err.data.requestId), /^req-/);
    const notFound = await failure(c.request({ service: 'compute', method: 'GET', path: '/servers/nope' }));
    assert.equal(notFound.data.status, 404);
    assert.match(notFound.message, /no route \/compute\/v2.1\/servers\/nope/);
  });

  it('checks microversions against the version document', async () => {
    const { c } = await client();
    await c.request({ service: 'compute', method: 'GET', path: '/servers', microversion: '2.47' });
    const sent = fake.seen.at(-1)!;
    assert.equal(sent.headers['openstack-api-version'], 'compute 2.47');
    assert.equal(sent.headers['x-openstack-nova-api-version'], '2.47');
    const err = await failure(c.request({ service: 'compute', method: 'GET', path: '/servers', microversion: '2.79' }));
    assert.equal(err.code, 'E_MICROVERSION_UNSUPPORTED');
    assert.match(err.message, /needs compute API microversion 2.79, but cloud 'fake' supports 2.1 to 2.60/);
    assert.equal(await c.supports('compute', '2.61'), false);
    assert.equal(await c.supports('compute', '2.60'), true);
  });

  it('follows Neutron links, Glance next and limit/marker pages', async () => {
    const { c } = await client();
    const all = Array.from({ length: 7 }, (_, i) => ({ id: `n${i}` }));
    const page = (url: URL) => {
      const limit = Number(url.searchParams.get('limit'));
      const marker = url.searchParams.get('marker');
      const start = marker ? all.findIndex((x) => x.id === marker) + 1 : 0;
      return { items: all.slice(start, start + limit), more: start + limit < all.length, last: all[Math.min(start + limit, all.length) - 1]?.id };
    };
    fake.routes.unshift((_req, url) => {
      const p = page(url);
      if (url.pathname === '/network/v2.0/networks') return { status: 200, body: { networks: p.items, networks_links: p.more ? [{ rel: 'next', href: `http://elsewhere.invalid/v2.0/networks?limit=3&marker=${p.last}` }] : [] } };
      if (url.pathname === '/image/v2/images') return { status: 200, body: { images: p.items, ...(p.more ? { next: `/v2/images?limit=3&marker=${p.last}` } : {}) } };
      if (url.pathname === '/baremetal/v1/nodes') return { status: 200, body: { nodes: p.items } };
      if (url.pathname === '/network/v2.0/ports') return { status: 200, body: { ports: all } }; // ignores limit/marker
      return undefined;
    });
    const nets = await listAll<{ id: string }>(c, { service: 'network', path: '/networks' }, { key: 'networks', pageSize: 3 });
    assert.deepEqual(nets.map((n) => n.id), all.map((n) => n.id));
    const images = await listAll<{ id: string }>(c, { service: 'image', path: '/images' }, { key: 'images', pageSize: 3 });
    assert.equal(images.length, 7);
    const nodes = await listAll<{ id: string }>(c, { service: 'baremetal', path: '/nodes' }, { key: 'nodes', pageSize: 3 });
    assert.equal(nodes.length, 7);
    const ports = await listAll<{ id: string }>(c, { service: 'network', path: '/ports' }, { key: 'ports', pageSize: 3 });
    assert.deepEqual(ports.map((p) => p.id), all.map((p) => p.id), 'a service ignoring pagination yields each item once');
    assert.ok(!fake.seen.some((s) => s.path.includes('elsewhere')));
    fake.routes.shift();
  });

  it('says clearly when auth, endpoints or the connection fail', async () => {
    const { c: wrong } = await client();
    const saved = fake.password;
    fake.password = 'something-else';
    const auth = await failure(wrong.request({ service: 'compute', method: 'GET', path: '/servers' }));
    fake.password = saved;
    assert.equal(auth.code, 'E_AUTH_FAILED');
    assert.match(auth.message, /refused to authenticate \(401: The request you have made requires authentication.\)/);
    const { c } = await client();
    const none = await failure(c.request({ service: 'placement', method: 'GET', path: '/resource_providers' }));
    assert.equal(none.code, 'E_ENDPOINT_NOT_FOUND');
    assert.match(none.message, /has no 'placement' service in its catalog \(it has: baremetal, block-storage, compute/);
    const { c: internal } = await client('    interface: internal\n');
    const noInternal = await failure(internal.request({ service: 'compute', method: 'GET', path: '/servers' }));
    assert.match(noInternal.message, /no internal 'compute' endpoint in region 'R1' \(offered: public@R1, public@R2\)/);
    const down = createOpenStackClient({ ...(await cloud()), auth: { ...(await cloud()).auth, authUrl: 'http://127.0.0.1:9/v3' } }, { clock: fakeClock(), random: () => 0, log: (l) => logs.push(l) });
    const refused = await failure(down.request({ service: 'compute', method: 'GET', path: '/servers' }));
    assert.equal(refused.code, 'E_CONNECTION');
    assert.match(refused.message, /identity POST \/v3\/auth\/tokens at http:\/\/127.0.0.1:9: connection failed \(ECONNREFUSED\)/);
    assert.ok(!refused.message.includes('\n'));
  });
});

/** The HTTP core and Keystone through a real listener: auth, catalog, errors, faults, reset. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { CloudEntry } from '../../src/simulator/core/cloudsYaml.js';
import { testScenario } from './helpers/scenario.js';
import { login, passwordAuth, send } from './helpers/session.js';

// Simulator-only: this suite drives knobs (faults, clock, reset), so it never targets a real cloud.
const clock = createManualClock();
let target: { sim: Simulator; source: CloudEntry; destination: CloudEntry };
before(async () => {
  const sim = await startSimulator({ scenario: testScenario(), clock });
  target = { sim, source: sim.entries.src!, destination: sim.entries.dst! };
});
after(() => target.sim.close());

test('every response carries x-openstack-request-id, errors too', async () => {
  const ok = await send(target.source.auth.auth_url, 'GET');
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('x-openstack-request-id') ?? '', /^req-[0-9a-f-]{36}$/);
  const missing = await send(`${target.source.auth.auth_url}/nope`, 'GET');
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('x-openstack-request-id') ?? '', /^req-/);
});

test('an unknown path is 404 and a wrong method 405, in the service error format', async () => {
  const s = await login(target.source);
  const r = await s.request('identity', 'GET', '/no/such/thing');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type') ?? '', /^text\/html/, 'Keystone (Flask) answers unrouted paths with HTML');
  assert.match(r.text, /404 Not Found/);
  const m = await s.request('identity', 'PATCH', '/auth/tokens');
  assert.equal(m.status, 405);
  assert.deepEqual(m.body, { message: 'The method is not allowed for the requested URL.' });
  assert.match(m.headers.get('allow') ?? '', /POST/);
  const n = await s.request('network', 'GET', '/v2.0/nothing-here');
  assert.equal(n.status, 404);
  assert.equal(n.body.NeutronError.type, 'HTTPNotFound');
});

test('faults: one-shot status with the service body, then normal again', async () => {
  const sim = target.sim;
  const fault = sim.cloud('source').faults.inject({ service: 'keystone', method: 'GET', route: '/v3/auth/catalog', status: 503, times: 1 });
  const s = await login(target.source);
  const r1 = await s.request('identity', 'GET', '/auth/catalog');
  assert.equal(r1.status, 503);
  assert.equal(r1.body.error.title, 'Service Unavailable');
  assert.equal(fault.hits, 1);
  assert.equal((await s.request('identity', 'GET', '/auth/catalog')).status, 200);
});

test('faults: count, latency and connection reset', async () => {
  const faults = target.sim.cloud('source').faults;
  const s = await login(target.source);
  const twice = faults.inject({ service: 'keystone', route: '/v3/auth/catalog', status: 500, times: 2 });
  assert.equal((await s.request('identity', 'GET', '/auth/catalog')).status, 500);
  assert.equal((await s.request('identity', 'GET', '/auth/catalog')).status, 500);
  assert.equal((await s.request('identity', 'GET', '/auth/catalog')).status, 200);
  assert.equal(twice.hits, 2);
  const slow = faults.inject({ service: 'keystone', route: /\/v3\/auth\/catalog$/, latencyMs: 60, times: 1 });
  const t0 = performance.now();
  assert.equal((await s.request('identity', 'GET', '/auth/catalog')).status, 200);
  assert.ok(performance.now() - t0 >= 55, 'latency applied');
  assert.equal(slow.hits, 1);
  faults.inject({ service: 'keystone', route: '/v3/auth/catalog', reset: true, times: 1 });
  await assert.rejects(s.request('identity', 'GET', '/auth/catalog'), (e: Error) => /fetch failed|socket|reset/i.test(`${e.message} ${String(e.cause)}`));
  assert.equal((await s.request('identity', 'GET', '/auth/catalog')).status, 200);
});

test('faults: rate is drawn from the seeded PRNG (some, not all, requests fail)', async () => {
  const faults = target.sim.cloud('source').faults;
  const s = await login(target.source);
  const rule = faults.inject({ service: 'keystone', route: '/v3/auth/catalog', status: 500, rate: 0.5 });
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) statuses.push((await s.request('identity', 'GET', '/auth/catalog')).status);
  rule.remove();
  const failed = statuses.filter((x) => x === 500).length;
  assert.ok(failed > 5 && failed < 35, `about half failed (${failed}/40)`);
  assert.equal(failed, rule.hits);
});

test('token lifetime knob and expiry on the injected clock give 401 in Keystone format', async () => {
  const cloud = target.sim.cloud('source');
  cloud.tokens.lifetimeMs = 60_000;
  const s = await login(target.source);
  assert.equal((await s.request('identity', 'GET', '/auth/catalog')).status, 200);
  clock.advance(60_000);
  const r = await s.request('identity', 'GET', '/auth/catalog');
  assert.equal(r.status, 401);
  assert.deepEqual(r.body, { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } });
  assert.match(r.headers.get('www-authenticate') ?? '', /^Keystone uri=/);
  cloud.tokens.lifetimeMs = 3_600_000;
});

test('reset restores the scenario: same ids, no tokens, no faults', async () => {
  const sim = target.sim;
  const s = await login(target.source);
  const before = (await s.request('identity', 'GET', '/auth/projects')).body.projects.map((p: { id: string }) => p.id);
  sim.cloud('source').faults.inject({ service: 'keystone', status: 500 });
  await sim.cloud('source').reset();
  assert.equal((await s.request('identity', 'GET', '/auth/projects')).status, 401, 'old token gone');
  const again = await login(target.source);
  const after = (await again.request('identity', 'GET', '/auth/projects')).body.projects.map((p: { id: string }) => p.id);
  assert.deepEqual(after, before);
  assert.deepEqual(sim.cloud('source').internalErrors, []);
});

test('the two clouds are independent: different ids, endpoints and passwords', async () => {
  const src = await login(target.source);
  const dst = await login(target.destination);
  assert.notEqual(src.projectId, dst.projectId);
  assert.notEqual(src.endpoint('identity'), dst.endpoint('identity'));
  const cross = await send(`${target.destination.auth.auth_url}/auth/tokens`, 'POST', { body: passwordAuth(target.source) });
  assert.equal(cross.status, 401);
});

/** Simulator knobs through real HTTP: progressions (polls, time, failure), placement fed by hosts, reset. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { testScenario } from './helpers/scenario.js';
import { login, type Session } from './helpers/session.js';

const clock = createManualClock();
let sim: Simulator;
let s: Session;
before(async () => {
  sim = await startSimulator({ scenario: testScenario(), clock });
  s = await login(sim.entries.src!);
});
after(() => sim.close());

async function uploaded(): Promise<string> {
  const r = await s.request('image', 'POST', '/v2/images', { body: { name: 'knob', disk_format: 'raw', container_format: 'bare' } });
  assert.equal((await s.request('image', 'PUT', `/v2/images/${r.body.id}/file`, { raw: Buffer.from('abc') })).status, 204);
  return r.body.id;
}
const status = async (id: string) => (await s.request('image', 'GET', `/v2/images/${id}`)).body.status;

test('image progression after N polls: saving is seen N times, then active', async () => {
  sim.cloud('source').progression.set('image', { type: 'polls', polls: 2 });
  const id = await uploaded();
  assert.deepEqual([await status(id), await status(id), await status(id)], ['saving', 'saving', 'active']);
  sim.cloud('source').progression.set('image', { type: 'immediate' });
});

test('image progression after T ms on the injected clock', async () => {
  sim.cloud('source').progression.set('image', { type: 'time', ms: 10_000 });
  const id = await uploaded();
  assert.equal(await status(id), 'saving');
  clock.advance(9_999);
  assert.equal(await status(id), 'saving');
  clock.advance(1);
  assert.equal(await status(id), 'active');
  sim.cloud('source').progression.set('image', { type: 'immediate' });
});

test('failNext makes the next image end killed', async () => {
  sim.cloud('source').progression.failNext('image', 'killed', 'store full');
  assert.equal(await status(await uploaded()), 'killed');
  assert.equal(await status(await uploaded()), 'active');
});

test('placement usages follow allocations recorded on the shared host model', async () => {
  const cloud = sim.cloud('source');
  const admin = await login(sim.entries['src-admin']!);
  const host = cloud.hosts.list()[0]!;
  cloud.hosts.allocate('server-x', host.name, { VCPU: 2, MEMORY_MB: 2048, DISK_GB: 20 }, { projectId: s.projectId, userId: s.userId });
  const mv = { headers: { 'openstack-api-version': 'placement 1.39' } };
  const usages = await admin.request('placement', 'GET', `/resource_providers/${host.id}/usages`, mv);
  assert.deepEqual(usages.body.usages, { VCPU: 2, MEMORY_MB: 2048, DISK_GB: 20 });
  const alloc = await admin.request('placement', 'GET', '/allocations/server-x', mv);
  assert.deepEqual(alloc.body.allocations[host.id].resources, { VCPU: 2, MEMORY_MB: 2048, DISK_GB: 20 });
  assert.equal(alloc.body.project_id, s.projectId);
  const project = await admin.request('placement', 'GET', `/usages?project_id=${s.projectId}`, mv);
  assert.equal(project.body.usages.VCPU, 2);
  const roomy = await admin.request('placement', 'GET', '/resource_providers?resources=VCPU:7', mv);
  assert.ok(!roomy.body.resource_providers.some((p: { uuid: string }) => p.uuid === host.id), 'a host with 6 free vCPUs is filtered out');
  assert.equal((await admin.request('placement', 'DELETE', '/allocations/server-x', mv)).status, 204);
  assert.deepEqual(cloud.hosts.usage(host.name), { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 });
});

test('a fault rule on one Neutron route leaves the others alone; reset restores seeded ids', async () => {
  const cloud = sim.cloud('source');
  const before = (await s.request('network', 'GET', '/v2.0/networks')).body.networks.map((n: { id: string }) => n.id);
  cloud.faults.inject({ service: 'neutron', method: 'POST', route: '/v2.0/networks', status: 503, message: 'maintenance' });
  const failed = await s.request('network', 'POST', '/v2.0/networks', { body: { network: { name: 'x' } } });
  assert.equal(failed.status, 503);
  assert.deepEqual(failed.body, { NeutronError: { type: 'HTTPServiceUnavailable', message: 'maintenance', detail: '' } });
  assert.equal((await s.request('network', 'GET', '/v2.0/networks')).status, 200);
  await cloud.reset();
  const again = await login(sim.entries.src!);
  assert.deepEqual((await again.request('network', 'GET', '/v2.0/networks')).body.networks.map((n: { id: string }) => n.id), before);
  assert.equal((await again.request('network', 'POST', '/v2.0/networks', { body: { network: { name: 'x' } } })).status, 201);
  assert.deepEqual(cloud.internalErrors, []);
});

test('an expired token is 401 on every service, each in its own 401 format', async () => {
  const cloud = sim.cloud('source');
  cloud.tokens.lifetimeMs = 1000;
  const short = await login(sim.entries['src-admin']!);
  clock.advance(1000);
  const neutron = await short.request('network', 'GET', '/v2.0/networks');
  assert.equal(neutron.status, 401);
  assert.equal(neutron.body.error.title, 'Unauthorized');
  const glance = await short.request('image', 'GET', '/v2/images');
  assert.equal(glance.status, 401);
  assert.equal(glance.body.code, '401 Unauthorized');
  const placement = await short.request('placement', 'GET', '/resource_providers');
  assert.equal(placement.status, 401);
  assert.equal((await short.request('identity', 'GET', '/auth/catalog')).status, 401);
  for (const r of [neutron, glance, placement]) assert.match(r.headers.get('x-openstack-request-id') ?? '', /^req-/);
  cloud.tokens.lifetimeMs = 3_600_000;
});

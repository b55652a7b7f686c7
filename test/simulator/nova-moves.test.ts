/** Nova contract: quiesce and drain a compute host (live and cold migration, evacuate, service delete). */
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { restartCompute } from '../../src/simulator/nova/computeHosts.js';
import { login } from './helpers/session.js';
import { openTarget, type Target } from './helpers/target.js';
import { activeServer, createServer, makeWorld, mv, pollServer, show, type World } from './novaFixture.js';

const clock = createManualClock();
let target: Target;
let w: World;
before(async () => {
  target = await openTarget({ clock });
  w = await makeWorld(await login(target.admin), await login(target.source), 'mv', { ram: 512, vcpus: 1 });
});
after(() => target.close());

const act = (id: string, body: unknown, version = '2.72') => w.admin.request('compute', 'POST', `/servers/${id}/action`, { headers: mv(version), body });
const hostOf = async (id: string) => (await show(w.admin, id))['OS-EXT-SRV-ATTR:host'] as string;
const serviceId = async (host: string) => {
  // A real host also runs nova-conductor and nova-scheduler; only its nova-compute service can be disabled or deleted.
  const r = await w.admin.request('compute', 'GET', `/os-services?host=${host}&binary=nova-compute`, { headers: mv('2.53') });
  return r.body.services[0].id as string;
};

/** Moving a server needs a second nova-compute host; the harness cloud has one (its fake driver). */
async function skipUnlessTwoComputes(t: TestContext): Promise<boolean> {
  // The simulator's tests arrange their own hosts (its scenario has two, cold migration registers more).
  if (target.sim) return false;
  const computes = await w.admin.request('compute', 'GET', '/os-services?binary=nova-compute', { headers: mv('2.53') });
  if (computes.body.services.length >= 2) return false;
  t.skip(`needs two nova-compute hosts to move a server between; this cloud has ${computes.body.services.length}`);
  return true;
}

test('live migration moves the server over polls; the migration record completes', async (t) => {
  if (await skipUnlessTwoComputes(t)) return;
  const id = await activeServer(w, 'live-1');
  const source = await hostOf(id);
  const sim = target.sim!.cloud('source');
  sim.progression.set('migration', { type: 'polls', polls: 1 });
  try {
    assert.equal((await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } })).status, 202);
    const during = await show(w.admin, id);
    assert.equal(during.status, 'MIGRATING');
    const busy = await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } });
    assert.equal(busy.status, 409);
    assert.equal(busy.body.conflictingRequest.message, `Cannot 'os-migrateLive' instance ${id} while it is in task_state migrating`);
    const running = await w.admin.request('compute', 'GET', `/servers/${id}/migrations`, { headers: mv('2.80') });
    assert.equal(running.body.migrations.length, 1);
    const done = await pollServer(w.admin, id, (s) => s['OS-EXT-STS:task_state'] === null);
    assert.equal(done.status, 'ACTIVE');
    assert.notEqual(done['OS-EXT-SRV-ATTR:host'], source);
  } finally {
    sim.progression.set('migration', { type: 'immediate' });
  }
  const migrations = await w.admin.request('compute', 'GET', `/os-migrations?instance_uuid=${id}`, { headers: mv('2.80') });
  assert.equal(migrations.body.migrations[0].status, 'completed');
  assert.equal(migrations.body.migrations[0].migration_type, 'live-migration');
  assert.equal(migrations.body.migrations[0].source_compute, source);
});

test('a failed live migration leaves the server ACTIVE on its source, migration error, action Error', async (t) => {
  if (await skipUnlessTwoComputes(t)) return;
  const id = await activeServer(w, 'live-2');
  const source = await hostOf(id);
  target.sim!.cloud('source').progression.failNext('migration', 'error', 'Live migration of instance failed: guest did not converge');
  assert.equal((await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } })).status, 202);
  const s = await pollServer(w.admin, id, (x) => x['OS-EXT-STS:task_state'] === null);
  assert.equal(s.status, 'ACTIVE');
  assert.equal(s['OS-EXT-SRV-ATTR:host'], source);
  const m = await w.admin.request('compute', 'GET', `/os-migrations?instance_uuid=${id}`, { headers: mv('2.59') });
  assert.equal(m.body.migrations[0].status, 'error');
  const actions = await w.admin.request('compute', 'GET', `/servers/${id}/os-instance-actions`, { headers: mv('2.84') });
  const live = actions.body.instanceActions.find((a: { action: string }) => a.action === 'live-migration');
  const detail = await w.admin.request('compute', 'GET', `/servers/${id}/os-instance-actions/${live.request_id}`, { headers: mv('2.84') });
  assert.equal(detail.body.instanceAction.events[0].result, 'Error');
});

test('os-migrateLive bodies are checked per microversion', async () => {
  const id = await activeServer(w, 'live-3');
  assert.equal((await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto', force: false } }, '2.68')).status, 400);
  assert.equal((await act(id, { 'os-migrateLive': { host: null, block_migration: false } }, '2.1')).status, 400, 'disk_over_commit required before 2.25');
  assert.equal((await act(id, { 'os-migrateLive': { host: 'no-such-host', block_migration: 'auto' } })).status, 400);
  // Nova checks the body against the microversion's schema before policy: a member's invalid body is 400, a valid one 403.
  const asMember = (body: unknown, version: string) => w.member.request('compute', 'POST', `/servers/${id}/action`, { headers: mv(version), body });
  assert.equal((await asMember({ 'os-migrateLive': { host: null, block_migration: 'auto' } }, '2.1')).status, 400, 'block_migration "auto" is invalid at 2.1');
  const refused = await asMember({ 'os-migrateLive': { host: null, block_migration: 'auto' } }, '2.72');
  assert.equal(refused.status, 403);
  assert.match(refused.body.forbidden.message, /^Policy doesn't allow os_compute_api:os-migrate-server/);
});

test('quiesce: a disabled service receives no new servers; delete is 409 until the host is empty', async (t) => {
  if (await skipUnlessTwoComputes(t)) return;
  // Pack both hosts, then disable compute-0 and drain it.
  const a = await activeServer(w, 'drain-a');
  const host = await hostOf(a);
  const other = host === 'compute-0' ? 'compute-1' : 'compute-0';
  const svc = await serviceId(host);
  const disabled = await w.admin.request('compute', 'PUT', `/os-services/${svc}`, { headers: mv('2.53'), body: { status: 'disabled', disabled_reason: 'stackshift: reclaim' } });
  assert.equal(disabled.status, 200);
  const b = await activeServer(w, 'drain-b');
  assert.equal(await hostOf(b), other, 'the scheduler skips a disabled host');
  const refused = await w.admin.request('compute', 'DELETE', `/os-services/${svc}`, { headers: mv('2.53') });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.conflictingRequest.message, 'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.');
  const hv = await w.admin.request('compute', 'GET', `/os-hypervisors?hypervisor_hostname_pattern=${host}&with_servers=true`, { headers: mv('2.53') });
  const onHost: string[] = hv.body.hypervisors[0].servers.map((s: { uuid: string }) => s.uuid);
  assert.ok(onHost.includes(a));
  for (const id of onHost) {
    const s = await show(w.admin, id);
    if (s.status === 'ACTIVE') assert.equal((await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } })).status, 202);
    else assert.equal((await w.admin.request('compute', 'DELETE', `/servers/${id}`)).status, 204);
    await pollServer(w.admin, id, (x) => x['OS-EXT-STS:task_state'] === null).catch(() => undefined);
  }
  const after = await w.admin.request('compute', 'GET', `/servers/detail?all_tenants=1&host=${host}`);
  assert.equal(after.body.servers.length, 0);
  assert.equal((await w.admin.request('compute', 'DELETE', `/os-services/${svc}`, { headers: mv('2.53') })).status, 204);
  const hvs = await w.admin.request('compute', 'GET', '/os-hypervisors', { headers: mv('2.53') });
  assert.ok(!hvs.body.hypervisors.some((h: { hypervisor_hostname: string }) => h.hypervisor_hostname === host));
  const rps = await w.admin.request('placement', 'GET', `/resource_providers?name=${host}`);
  assert.equal(rps.body.resource_providers.length, 0, 'placement forgets the deleted compute node');
});

test('cold migration ends in VERIFY_RESIZE; confirmResize completes it; in-progress blocks service delete', async (t) => {
  if (await skipUnlessTwoComputes(t)) return;
  const sim = target.sim!.cloud('source');
  const { computeServices } = await import('../../src/simulator/nova/store.js');
  // Two new, empty nodes register (as a scaled-out compute does), so the source holds only this server.
  for (const [n, name] of [[8, 'compute-8'], [9, 'compute-9']] as const) {
    sim.hosts.add({ name, vcpus: 16, memory_mb: 65536, disk_gb: 500 });
    computeServices(sim).put({ id: name, serviceId: sim.ids.uuid(), serviceNumericId: 90 + n, hypervisorNumericId: n, status: 'enabled', disabledReason: null, state: 'up', forcedDown: false, hostIp: `192.168.100.${90 + n}`, updatedAt: '2026-01-01T00:00:00.000000' });
  }
  const created = await createServer(w, 'cold-1', { availability_zone: 'nova:compute-8' }, w.admin);
  assert.equal(created.status, 202, created.text);
  const id = created.body.server.id as string;
  await pollServer(w.admin, id, (s) => s.status === 'ACTIVE');
  assert.equal(await hostOf(id), 'compute-8');
  const mig = await act(id, { migrate: { host: 'compute-9' } }, '2.56');
  assert.equal(mig.status, 202, mig.text);
  const resized = await pollServer(w.admin, id, (s) => s.status === 'VERIFY_RESIZE');
  assert.equal(resized['OS-EXT-SRV-ATTR:host'], 'compute-9');
  const blocked = await w.admin.request('compute', 'DELETE', `/os-services/${await serviceId('compute-8')}`, { headers: mv('2.53') });
  assert.equal(blocked.status, 409);
  assert.match(blocked.body.conflictingRequest.message, /in-progress migrations/);
  assert.equal((await act(id, { confirmResize: null })).status, 204);
  const confirmed = await show(w.admin, id);
  assert.equal(confirmed.status, 'ACTIVE');
  const m = await w.admin.request('compute', 'GET', `/os-migrations?instance_uuid=${id}&migration_type=migration`, { headers: mv('2.59') });
  assert.equal(m.body.migrations[0].status, 'confirmed');
  assert.equal((await act(id, { confirmResize: null })).status, 409, 'nothing to confirm any more');
  assert.equal((await w.admin.request('compute', 'DELETE', `/os-services/${await serviceId('compute-8')}`, { headers: mv('2.53') })).status, 204);
});

test('abort and force-complete of a running live migration; revertResize returns to the source', async (t) => {
  if (await skipUnlessTwoComputes(t)) return;
  const sim = target.sim!.cloud('source');
  const id = await activeServer(w, 'live-abort');
  const source = await hostOf(id);
  sim.progression.set('migration', { type: 'polls', polls: 1 });
  try {
    await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } });
    let running = await w.admin.request('compute', 'GET', `/servers/${id}/migrations`, { headers: mv('2.65') });
    assert.equal(running.body.migrations[0].status, 'queued');
    const mid = running.body.migrations[0].id as number;
    assert.equal((await w.admin.request('compute', 'DELETE', `/servers/${id}/migrations/${mid}`, { headers: mv('2.24') })).status, 400, 'only a running migration can be aborted before 2.65');
    assert.equal((await w.admin.request('compute', 'DELETE', `/servers/${id}/migrations/${mid}`, { headers: mv('2.65') })).status, 202);
    // The abort is cast to the compute host: the server is back once its task is cleared.
    const after = await pollServer(w.admin, id, (s) => s['OS-EXT-STS:task_state'] === null);
    assert.equal(after['OS-EXT-SRV-ATTR:host'], source);
    await act(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } });
    for (let i = 0; i < 3; i++) running = await w.admin.request('compute', 'GET', `/servers/${id}/migrations`, { headers: mv('2.80') });
    assert.equal(running.body.migrations[0].status, 'running');
    const fc = await w.admin.request('compute', 'POST', `/servers/${id}/migrations/${running.body.migrations[0].id}/action`, { headers: mv('2.22'), body: { force_complete: null } });
    assert.equal(fc.status, 202);
    assert.notEqual(await hostOf(id), source);
  } finally {
    sim.progression.set('migration', { type: 'immediate' });
  }
  const here = await hostOf(id);
  assert.equal((await act(id, { migrate: null })).status, 202);
  await pollServer(w.admin, id, (s) => s.status === 'VERIFY_RESIZE');
  assert.equal((await act(id, { revertResize: null })).status, 202);
  const reverted = await show(w.admin, id);
  assert.equal(reverted.status, 'ACTIVE');
  assert.equal(reverted['OS-EXT-SRV-ATTR:host'], here);
  const m = await w.admin.request('compute', 'GET', `/os-migrations?instance_uuid=${id}&migration_type=migration`, { headers: mv('2.59') });
  assert.equal(m.body.migrations[0].status, 'reverted');
});

test('evacuate needs the source compute down; then the server is rebuilt elsewhere', async (t) => {
  if (await skipUnlessTwoComputes(t)) return;
  const id = await activeServer(w, 'evac-1');
  const source = await hostOf(id);
  const refused = await act(id, { evacuate: {} }, '2.29');
  assert.equal(refused.status, 400);
  assert.match(refused.body.badRequest.message, /is still in use/);
  const svc = await serviceId(source);
  await w.admin.request('compute', 'PUT', `/os-services/${svc}`, { headers: mv('2.53'), body: { forced_down: true } });
  try {
    const r = await act(id, { evacuate: {} }, '2.29');
    assert.equal(r.status, 200, r.text);
    const s = await pollServer(w.admin, id, (x) => x['OS-EXT-STS:task_state'] === null);
    assert.notEqual(s['OS-EXT-SRV-ATTR:host'], source);
    // The evacuated server keeps its allocation on the dead source next to the destination's:
    // it is orphaned there, and it keeps the source's resource provider from being deleted.
    const pv = { 'openstack-api-version': 'placement 1.28' };
    const rp = (await w.admin.request('placement', 'GET', `/resource_providers?name=${source}`, { headers: pv })).body.resource_providers[0].uuid as string;
    const held = await w.admin.request('placement', 'GET', `/allocations/${id}`, { headers: pv });
    assert.equal(Object.keys(held.body.allocations).length, 2, 'source and destination');
    assert.ok(rp in held.body.allocations);
    const inUse = await w.admin.request('placement', 'DELETE', `/resource_providers/${rp}`, { headers: pv });
    assert.equal(inUse.status, 409);
    assert.equal(inUse.body.errors[0].code, 'placement.resource_provider.inuse');
    // osc-placement's `allocation unset --provider`: the same allocations back without the source.
    const rest = { ...held.body, allocations: Object.fromEntries(Object.entries(held.body.allocations).filter(([uuid]) => uuid !== rp)) };
    const stale = await w.admin.request('placement', 'PUT', `/allocations/${id}`, { headers: pv, body: { ...rest, consumer_generation: held.body.consumer_generation - 1 } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.errors[0].code, 'placement.concurrent_update');
    assert.equal((await w.admin.request('placement', 'PUT', `/allocations/${id}`, { headers: pv, body: rest })).status, 204);
    const after = await w.admin.request('placement', 'GET', `/allocations/${id}`, { headers: pv });
    assert.deepEqual(Object.keys(after.body.allocations), Object.keys(rest.allocations));
    assert.equal(after.body.consumer_generation, held.body.consumer_generation + 1);
    // Bug 1922053: the host is not forced up while its evacuation is `done`, not `completed`.
    const early = await w.admin.request('compute', 'PUT', `/os-services/${svc}`, { headers: mv('2.53'), body: { forced_down: false } });
    assert.equal(early.status, 400);
    assert.match(early.body.badRequest.message, /^Unable to force up host .* as `done` evacuation migration records remain associated with the host/);
  } finally {
    // The source's nova-compute starts again and completes the evacuation; a forced-down
    // compute left behind takes the whole cloud down for every later test.
    restartCompute(target.sim!.cloud('source'), source);
    assert.equal((await w.admin.request('compute', 'PUT', `/os-services/${svc}`, { headers: mv('2.53'), body: { forced_down: false } })).status, 200);
  }
  const evacuation = await w.admin.request('compute', 'GET', `/os-migrations?instance_uuid=${id}&migration_type=evacuation`, { headers: mv('2.59') });
  assert.equal(evacuation.body.migrations[0].status, 'completed');
  assert.deepEqual(target.sim!.cloud('source').internalErrors, []);
});

/** Nova contract: versions and microversions, flavors, keypairs, services, hypervisors, limits. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { login, send, type Session } from './helpers/session.js';
import { openTarget, type Target } from './helpers/target.js';
import { runId } from './novaFixture.js';

const clock = createManualClock();
let target: Target;
let admin: Session;
let member: Session;
before(async () => {
  target = await openTarget({ clock });
  admin = await login(target.admin);
  member = await login(target.source);
});
after(() => target.close());

const mv = (v: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` } });

test('version documents state min 2.1 and the maximum', async () => {
  const root = admin.endpoint('compute').replace(/\/v2\.1.*$/, '');
  const r = await send(`${root}/`, 'GET');
  assert.equal(r.status, 200);
  const v21 = r.body.versions.find((v: { id: string }) => v.id === 'v2.1');
  assert.equal(v21.min_version, '2.1');
  assert.match(v21.version, /^2\.\d+$/);
  const one = await send(`${root}/v2.1`, 'GET');
  assert.equal(one.body.version.status, 'CURRENT');
});

test('microversion negotiation: default, explicit, legacy header, latest, 406 above max', async () => {
  const plain = await member.request('compute', 'GET', '/flavors');
  assert.equal(plain.headers.get('openstack-api-version'), 'compute 2.1');
  const explicit = await member.request('compute', 'GET', '/flavors', mv('2.53'));
  assert.equal(explicit.headers.get('openstack-api-version'), 'compute 2.53');
  assert.equal(explicit.headers.get('x-openstack-nova-api-version'), '2.53');
  const legacy = await member.request('compute', 'GET', '/flavors', { headers: { 'X-OpenStack-Nova-API-Version': '2.10' } });
  assert.equal(legacy.headers.get('openstack-api-version'), 'compute 2.10');
  const latest = await member.request('compute', 'GET', '/flavors', mv('latest'));
  const max = latest.headers.get('x-openstack-nova-api-version')!;
  const tooHigh = await member.request('compute', 'GET', '/flavors', mv('2.999'));
  assert.equal(tooHigh.status, 406);
  assert.match(tooHigh.body.computeFault.message, new RegExp(`maximum is ${max.replace('.', '\\.')}`));
});

test('flavors: create (admin only), detail by microversion, extra specs, private access, delete', async () => {
  const denied = await member.request('compute', 'POST', '/flavors', { body: { flavor: { name: 'x', ram: 1, vcpus: 1, disk: 1 } } });
  assert.equal(denied.status, 403);
  const created = await admin.request('compute', 'POST', '/flavors', { ...mv('2.75'), body: { flavor: { name: `m1.test-${runId}`, ram: 2048, vcpus: 2, disk: 20, 'os-flavor-access:is_public': false } } });
  assert.equal(created.status, 200);
  const f = created.body.flavor;
  assert.equal(f.swap, 0, 'swap is 0, not "", from 2.75');
  assert.equal(f['os-flavor-access:is_public'], false);
  const dup = await admin.request('compute', 'POST', '/flavors', { body: { flavor: { name: `m1.test-${runId}`, ram: 1, vcpus: 1, disk: 1 } } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.conflictingRequest.code, 409);
  const specs = await admin.request('compute', 'POST', `/flavors/${f.id}/os-extra_specs`, { body: { extra_specs: { 'hw:cpu_policy': 'dedicated' } } });
  assert.deepEqual(specs.body.extra_specs, { 'hw:cpu_policy': 'dedicated' });
  assert.equal((await member.request('compute', 'GET', `/flavors/${f.id}`)).status, 404, 'private flavor hidden');
  const access = await admin.request('compute', 'POST', `/flavors/${f.id}/action`, { body: { addTenantAccess: { tenant: member.projectId } } });
  assert.deepEqual(access.body.flavor_access, [{ flavor_id: f.id, tenant_id: member.projectId }]);
  const seen = await member.request('compute', 'GET', `/flavors/${f.id}`, mv('2.61'));
  assert.deepEqual(seen.body.flavor.extra_specs, { 'hw:cpu_policy': 'dedicated' });
  assert.equal((await admin.request('compute', 'DELETE', `/flavors/${f.id}`)).status, 202);
  const gone = await admin.request('compute', 'GET', `/flavors/${f.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.itemNotFound.message, `Flavor ${f.id} could not be found.`);
});

test('flavors paginate with limit and marker', async () => {
  const ids = [1, 2, 3].map((n) => `page-${n}-${runId}`);
  for (const id of ids) await admin.request('compute', 'POST', '/flavors', { body: { flavor: { name: id, ram: 64, vcpus: 1, disk: 1, id } } });
  const first = await member.request('compute', 'GET', '/flavors?limit=2');
  assert.equal(first.body.flavors.length, 2);
  const next = first.body.flavors_links[0].href as string;
  assert.match(next, /marker=/);
  const marker = new URL(next).searchParams.get('marker')!;
  const second = await member.request('compute', 'GET', `/flavors?limit=2&marker=${marker}`);
  assert.ok(!second.body.flavors.some((x: { id: string }) => first.body.flavors.some((y: { id: string }) => y.id === x.id)));
  const bad = await member.request('compute', 'GET', '/flavors?marker=nope');
  assert.equal(bad.status, 400);
  for (const id of ids) await admin.request('compute', 'DELETE', `/flavors/${id}`);
});

test('keypairs: import computes the fingerprint, duplicate is 409, unknown is 404', async () => {
  const k1 = `k1-${runId}`;
  const gen = `gen-${runId}`;
  const publicKey = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQdW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova';
  const r = await member.request('compute', 'POST', '/os-keypairs', { ...mv('2.92'), body: { keypair: { name: k1, public_key: publicKey } } });
  assert.equal(r.status, 201);
  assert.equal(r.body.keypair.fingerprint, '1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c');
  assert.equal(r.body.keypair.type, 'ssh');
  const dup = await member.request('compute', 'POST', '/os-keypairs', { ...mv('2.92'), body: { keypair: { name: k1, public_key: publicKey } } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.conflictingRequest.message, `Key pair '${k1}' already exists.`);
  const badKey = await member.request('compute', 'POST', '/os-keypairs', { body: { keypair: { name: 'k2', public_key: 'ssh-rsa notbase64' } } });
  assert.equal(badKey.status, 400);
  const generated = await member.request('compute', 'POST', '/os-keypairs', { ...mv('2.2'), body: { keypair: { name: gen } } });
  assert.match(generated.body.keypair.private_key, /BEGIN RSA PRIVATE KEY/);
  const list = await member.request('compute', 'GET', '/os-keypairs');
  const names = list.body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name);
  assert.ok(names.includes(gen) && names.includes(k1));
  assert.equal((await member.request('compute', 'GET', `/os-keypairs/${k1}`)).body.keypair.public_key, publicKey);
  assert.equal((await member.request('compute', 'DELETE', `/os-keypairs/${gen}`, mv('2.2'))).status, 204);
  assert.equal((await member.request('compute', 'GET', `/os-keypairs/${gen}`)).status, 404);
  assert.equal((await member.request('compute', 'DELETE', `/os-keypairs/${k1}`, mv('2.2'))).status, 204);
});

test('os-services: uuid ids at 2.53, disable with reason, enable, bad requests', async () => {
  const forbidden = await member.request('compute', 'GET', '/os-services', mv('2.53'));
  assert.equal(forbidden.status, 403);
  assert.equal(forbidden.body.forbidden.message, "Policy doesn't allow os_compute_api:os-services:list to be performed.");
  assert.equal(forbidden.headers.get('openstack-api-version'), 'compute 2.53', 'the 403 states the version, as Nova does');
  const list = await admin.request('compute', 'GET', '/os-services?binary=nova-compute', mv('2.53'));
  assert.equal(list.status, 200);
  const svc = list.body.services.find((s: { binary: string }) => s.binary === 'nova-compute');
  assert.match(svc.id, /^[0-9a-f-]{36}$/);
  assert.equal(svc.status, 'enabled');
  const empty = await admin.request('compute', 'PUT', `/os-services/${svc.id}`, { ...mv('2.53'), body: {} });
  assert.equal(empty.status, 400);
  const disabled = await admin.request('compute', 'PUT', `/os-services/${svc.id}`, { ...mv('2.53'), body: { status: 'disabled', disabled_reason: 'stackshift reclaim' } });
  assert.equal(disabled.body.service.status, 'disabled');
  assert.equal(disabled.body.service.disabled_reason, 'stackshift reclaim');
  const enableWithReason = await admin.request('compute', 'PUT', `/os-services/${svc.id}`, { ...mv('2.53'), body: { status: 'enabled', disabled_reason: 'x' } });
  assert.equal(enableWithReason.status, 400);
  const enabled = await admin.request('compute', 'PUT', `/os-services/${svc.id}`, { ...mv('2.53'), body: { status: 'enabled' } });
  assert.equal(enabled.body.service.disabled_reason, null);
  assert.equal((await admin.request('compute', 'DELETE', '/os-services/not-a-uuid', mv('2.53'))).status, 400);
  const legacy = await admin.request('compute', 'GET', '/os-services');
  assert.equal(typeof legacy.body.services[0].id, 'number', 'integer ids before 2.53');
});

test('os-hypervisors: uuids and with_servers at 2.53, capacity before 2.88 only', async () => {
  const old = await admin.request('compute', 'GET', '/os-hypervisors/detail', mv('2.87'));
  const h = old.body.hypervisors[0];
  const name = h.hypervisor_hostname as string;
  assert.ok(h.vcpus > 0 && h.memory_mb > 0 && h.local_gb > 0, 'capacity fields before 2.88');
  assert.equal(typeof h.cpu_info, 'object', 'cpu_info is an object from 2.28');
  const modern = await admin.request('compute', 'GET', '/os-hypervisors/detail?with_servers=true', mv('2.88'));
  const m = modern.body.hypervisors.find((x: { hypervisor_hostname: string }) => x.hypervisor_hostname === name);
  assert.equal(m.vcpus, undefined);
  assert.match(m.id, /^[0-9a-f-]{36}$/);
  const one = await admin.request('compute', 'GET', `/os-hypervisors/${m.id}`, mv('2.88'));
  assert.equal(one.body.hypervisor.hypervisor_hostname, name);
  const pattern = await admin.request('compute', 'GET', '/os-hypervisors?hypervisor_hostname_pattern=nomatch', mv('2.53'));
  assert.equal(pattern.status, 404);
});

test('limits and quota sets: defaults, admin update, detail usage', async () => {
  const limits = await member.request('compute', 'GET', '/limits');
  const before = (await member.request('compute', 'GET', `/os-quota-sets/${member.projectId}`)).body.quota_set;
  assert.equal(limits.body.limits.absolute.maxTotalInstances, before.instances);
  assert.equal(typeof limits.body.limits.absolute.totalInstancesUsed, 'number');
  assert.equal(limits.body.limits.absolute.maxImageMeta, 128, 'legacy keys before 2.39');
  try {
    const upd = await admin.request('compute', 'PUT', `/os-quota-sets/${member.projectId}`, { body: { quota_set: { instances: 3 } } });
    assert.equal(upd.status, 200);
    assert.equal(upd.body.quota_set.instances, 3);
    const detail = await member.request('compute', 'GET', `/os-quota-sets/${member.projectId}/detail`);
    assert.equal(detail.body.quota_set.instances.limit, 3);
    assert.equal(typeof detail.body.quota_set.instances.in_use, 'number');
    assert.equal((await member.request('compute', 'PUT', `/os-quota-sets/${member.projectId}`, { body: { quota_set: { instances: 99 } } })).status, 403);
  } finally {
    await admin.request('compute', 'PUT', `/os-quota-sets/${member.projectId}`, { body: { quota_set: { instances: before.instances } } });
  }
  if (target.sim) assert.deepEqual(target.sim.cloud('source').internalErrors, []);
});

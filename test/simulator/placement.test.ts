/** Placement contract: providers per compute host, inventories, usages, admin-only, errors, microversions. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTarget, type Target } from './helpers/target.js';
import { login, type Session } from './helpers/session.js';

const MV = { 'openstack-api-version': 'placement 1.39' };
let target: Target;
let admin: Session;
before(async () => {
  target = await openTarget();
  admin = await login(target.admin);
});
after(() => target.close());

test('resource providers with VCPU/MEMORY_MB/DISK_GB inventories and usages', async () => {
  const list = await admin.request('placement', 'GET', '/resource_providers', { headers: MV });
  assert.equal(list.status, 200);
  assert.equal(list.headers.get('openstack-api-version'), 'placement 1.39');
  const rps = list.body.resource_providers;
  assert.ok(rps.length > 0);
  const rp = rps[0];
  assert.equal(rp.root_provider_uuid, rp.uuid);
  assert.ok(rp.links.some((l: { rel: string }) => l.rel === 'inventories'));
  const inv = await admin.request('placement', 'GET', `/resource_providers/${rp.uuid}/inventories`, { headers: MV });
  for (const rc of ['VCPU', 'MEMORY_MB', 'DISK_GB']) {
    const i = inv.body.inventories[rc];
    assert.ok(i.total > 0 && i.max_unit > 0 && i.min_unit === 1 && i.step_size === 1 && typeof i.allocation_ratio === 'number', rc);
  }
  assert.equal(inv.body.resource_provider_generation, rp.generation);
  const usages = await admin.request('placement', 'GET', `/resource_providers/${rp.uuid}/usages`, { headers: MV });
  for (const rc of ['VCPU', 'MEMORY_MB', 'DISK_GB']) assert.equal(typeof usages.body.usages[rc], 'number');
  const byName = await admin.request('placement', 'GET', `/resource_providers?name=${encodeURIComponent(rp.name)}`, { headers: MV });
  assert.deepEqual(byName.body.resource_providers.map((p: { uuid: string }) => p.uuid), [rp.uuid]);
});

test('errors: 404 in Placement format, 406 above the maximum microversion, 403 for a member', async () => {
  const missing = await admin.request('placement', 'GET', '/resource_providers/00000000-0000-4000-8000-000000000000', { headers: MV });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.errors[0].status, 404);
  assert.equal(missing.body.errors[0].code, 'placement.undefined_code');
  assert.match(missing.body.errors[0].detail, /No resource provider with uuid 00000000-0000-4000-8000-000000000000 found/);
  const high = await admin.request('placement', 'GET', '/resource_providers', { headers: { 'openstack-api-version': 'placement 1.999' } });
  assert.equal(high.status, 406);
  assert.equal(high.body.errors[0].max_version, '1.39');
  assert.equal(high.body.errors[0].min_version, '1.0');
  const root = await admin.request('placement', 'GET', '/');
  assert.equal(root.body.versions[0].max_version, '1.39');
  const member = await login(target.source);
  assert.equal((await member.request('placement', 'GET', '/resource_providers', { headers: MV })).status, 403);
});

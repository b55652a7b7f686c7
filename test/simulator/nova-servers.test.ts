/** Nova contract: server lifecycle, progressions, errors, filters, paging, quotas, snapshots. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { login } from './helpers/session.js';
import { openTarget, waitFor, type Target } from './helpers/target.js';
import { activeServer, createServer, gone, makeWorld, mv, pollServer, show, type World } from './novaFixture.js';

const clock = createManualClock();
let target: Target;
let w: World;
before(async () => {
  target = await openTarget({ clock });
  w = await makeWorld(await login(target.admin), await login(target.source), 'srv');
  // Room for every server this suite makes (ERROR servers count against quota too, as in Nova).
  await w.admin.request('compute', 'PUT', `/os-quota-sets/${w.member.projectId}`, { body: { quota_set: { instances: 50, cores: 100, ram: 512000 } } });
});
after(() => target.close());

test('create: 202 with Location and adminPass, then ACTIVE with a port on the network', async () => {
  const r = await createServer(w, 'web-1', { metadata: { role: 'web' } });
  assert.equal(r.status, 202);
  assert.match(r.headers.get('location') ?? '', new RegExp(`/servers/${r.body.server.id}$`));
  assert.equal(typeof r.body.server.adminPass, 'string');
  const s = await pollServer(w.member, r.body.server.id, (x) => x.status === 'ACTIVE');
  assert.equal(s['OS-EXT-STS:vm_state'], 'active');
  assert.equal(s['OS-EXT-STS:power_state'], 1);
  assert.equal(s['OS-EXT-SRV-ATTR:host'], undefined, 'host is admin-only');
  assert.deepEqual(s.metadata, { role: 'web' });
  const addr = s.addresses.public[0];
  // The address comes from the network's subnet (172.24.4.0/24 in the simulator's scenario, the harness's own range on a real cloud).
  const subnets = await w.member.request('network', 'GET', `/v2.0/subnets?network_id=${w.networkId}&ip_version=4`);
  const prefix = (subnets.body.subnets[0].cidr as string).split('/')[0]!.split('.').slice(0, 3).join('.');
  assert.ok(addr.addr.startsWith(`${prefix}.`), `${addr.addr} is in ${subnets.body.subnets[0].cidr}`);
  const ports = await w.member.request('network', 'GET', `/v2.0/ports?device_id=${s.id}`);
  assert.ok(ports.body.ports.some((p: { mac_address: string }) => p.mac_address === addr['OS-EXT-IPS-MAC:mac_addr']));
  const asAdmin = await show(w.admin, s.id);
  const computes = await w.admin.request('compute', 'GET', '/os-services?binary=nova-compute');
  assert.ok(computes.body.services.some((c: { host: string }) => c.host === asAdmin['OS-EXT-SRV-ATTR:host']), 'host is a nova-compute host');
  assert.equal(asAdmin['OS-EXT-SRV-ATTR:hypervisor_hostname'], asAdmin['OS-EXT-SRV-ATTR:host']);
});

test('BUILD is visible for N polls when the progression says so', async () => {
  const sim = target.sim!.cloud('source');
  sim.progression.set('server', { type: 'polls', polls: 2 });
  try {
    const r = await createServer(w, 'slow-1');
    const first = await show(w.member, r.body.server.id);
    assert.equal(first.status, 'BUILD');
    assert.equal(first['OS-EXT-STS:task_state'], 'spawning');
    await show(w.member, r.body.server.id);
    const last = await show(w.member, r.body.server.id);
    assert.equal(last.status, 'ACTIVE');
  } finally {
    sim.progression.set('server', { type: 'immediate' });
  }
});

test('time-based progression advances on the injected clock', async () => {
  const sim = target.sim!.cloud('source');
  sim.progression.set('server', { type: 'time', ms: 30_000 });
  try {
    const r = await createServer(w, 'timed-1');
    assert.equal((await show(w.member, r.body.server.id)).status, 'BUILD');
    clock.advance(30_000);
    assert.equal((await show(w.member, r.body.server.id)).status, 'ACTIVE');
  } finally {
    sim.progression.set('server', { type: 'immediate' });
  }
});

test('an injected build failure ends in ERROR with a fault, and NoValidHost when nothing fits', async () => {
  target.sim!.cloud('source').progression.failNext('server', 'ERROR', 'Exceeded maximum number of retries.');
  const r = await createServer(w, 'doomed');
  const s = await pollServer(w.member, r.body.server.id, (x) => x.status === 'ERROR');
  assert.equal(s.fault.code, 500);
  assert.equal(s.fault.message, 'Exceeded maximum number of retries.');
  const huge = await w.admin.request('compute', 'POST', '/flavors', { body: { flavor: { name: 'huge', ram: 32768, vcpus: 2, disk: 1 } } });
  const nv = await createServer(w, 'too-big', { flavorRef: huge.body.flavor.id });
  const e = await pollServer(w.member, nv.body.server.id, (x) => x.status === 'ERROR');
  assert.match(e.fault.message, /^No valid host was found/);
  const actions = await w.member.request('compute', 'GET', `/servers/${nv.body.server.id}/os-instance-actions`);
  assert.equal(actions.body.instanceActions[0].action, 'create');
  assert.equal(actions.body.instanceActions[0].message, 'Error');
});

test('create validation: bad flavor, bad image, bad key, missing networks at 2.37+', async () => {
  assert.equal((await createServer(w, 'x', { flavorRef: 'nope' })).body.badRequest.message, 'Flavor nope could not be found.');
  assert.equal((await createServer(w, 'x', { imageRef: '00000000-0000-4000-8000-000000000000' })).status, 400);
  assert.equal((await createServer(w, 'x', { key_name: 'missing' })).body.badRequest.message, 'Invalid key_name provided.');
  const noNet = await w.member.request('compute', 'POST', '/servers', { headers: mv('2.37'), body: { server: { name: 'x', flavorRef: w.flavorId, imageRef: w.imageId } } });
  assert.equal(noNet.status, 400);
});

test('os-stop / os-start with 409 in the wrong state, exactly as Nova words it', async () => {
  const id = await activeServer(w, 'power-1');
  assert.equal((await w.member.request('compute', 'POST', `/servers/${id}/action`, { body: { 'os-stop': null } })).status, 202);
  await pollServer(w.member, id, (x) => x.status === 'SHUTOFF' && x['OS-EXT-STS:task_state'] === null);
  const again = await w.member.request('compute', 'POST', `/servers/${id}/action`, { body: { 'os-stop': null } });
  assert.equal(again.status, 409);
  assert.equal(again.body.conflictingRequest.message, `Cannot 'stop' instance ${id} while it is in vm_state stopped`);
  assert.equal((await w.member.request('compute', 'POST', `/servers/${id}/action`, { body: { 'os-start': null } })).status, 202);
  const started = await pollServer(w.member, id, (x) => x['OS-EXT-STS:task_state'] === null);
  assert.equal(started['OS-EXT-STS:power_state'], 1);
  assert.equal(started.status, 'ACTIVE');
  const unknown = await w.member.request('compute', 'POST', `/servers/${id}/action`, { body: { explode: null } });
  assert.equal(unknown.status, 400);
});

test('list: summary vs detail, name regex, status, admin host filter and all_tenants, paging', async () => {
  const db1 = await activeServer(w, 'db-1');
  await activeServer(w, 'db-2');
  const host = (await show(w.admin, db1))['OS-EXT-SRV-ATTR:host'] as string;
  const byName = await w.member.request('compute', 'GET', '/servers/detail?name=^db-');
  assert.deepEqual(byName.body.servers.map((s: { name: string }) => s.name).sort(), ['db-1', 'db-2']);
  const summary = await w.member.request('compute', 'GET', '/servers?name=db-1');
  assert.deepEqual(Object.keys(summary.body.servers[0]).sort(), ['id', 'links', 'name']);
  const active = await w.member.request('compute', 'GET', '/servers/detail?status=ACTIVE');
  assert.ok(active.body.servers.some((s: { id: string }) => s.id === db1));
  assert.ok(active.body.servers.every((s: { status: string }) => s.status === 'ACTIVE'));
  const one = await w.member.request('compute', 'GET', '/servers?limit=1');
  assert.equal(one.body.servers.length, 1);
  const next = new URL(one.body.servers_links[0].href);
  const page2 = await w.member.request('compute', 'GET', `/servers?limit=1&marker=${next.searchParams.get('marker')}`);
  assert.notEqual(page2.body.servers[0].id, one.body.servers[0].id);
  const adminAll = await w.admin.request('compute', 'GET', `/servers/detail?all_tenants=1&host=${host}`);
  assert.ok(adminAll.body.servers.some((s: Record<string, string>) => s.id === db1));
  assert.ok(adminAll.body.servers.every((s: Record<string, string>) => s['OS-EXT-SRV-ATTR:host'] === host));
  const adminOwn = await w.admin.request('compute', 'GET', '/servers');
  assert.equal(adminOwn.body.servers.length, 0, 'without all_tenants an admin sees its own project');
});

test('quota: instances over the limit is 403 forbidden', async () => {
  const sim = target.sim!.cloud('source');
  const mine = (await w.member.request('compute', 'GET', '/servers')).body.servers.length;
  sim.quotas.set(w.member.projectId, 'instances', mine);
  try {
    const r = await createServer(w, 'one-too-many');
    assert.equal(r.status, 403);
    assert.match(r.body.forbidden.message, /^Quota exceeded for instances: Requested 1, but already used \d+ of \d+ instances$/);
  } finally {
    sim.quotas.set(w.member.projectId, 'instances', 100);
  }
});

test('createImage: returns image_id at 2.45, the image goes active with the server disk bytes', async () => {
  const id = await activeServer(w, 'snap-me');
  const r = await w.member.request('compute', 'POST', `/servers/${id}/action`, { headers: mv('2.45'), body: { createImage: { name: 'snap-me-image', metadata: { purpose: 'test' } } } });
  assert.equal(r.status, 202);
  const imageId = r.body.image_id as string;
  assert.equal(r.headers.get('location'), null, 'from 2.45 the image id is in the body and there is no Location header');
  const image = await waitFor(`image ${imageId} active`, async () => (await w.member.request('image', 'GET', `/v2/images/${imageId}`)).body as Record<string, any>, (i) => i.status === 'active');
  assert.equal(image.size, w.imageBytes.length);
  assert.equal(image.instance_uuid, id);
  assert.equal(image.purpose, 'test');
  await pollServer(w.member, id, (x) => x['OS-EXT-STS:task_state'] === null);
});

test('delete: 204, gone (404 itemNotFound), ports released', async () => {
  const id = await activeServer(w, 'bye');
  assert.equal((await w.member.request('compute', 'DELETE', `/servers/${id}`)).status, 204);
  await gone(w.member, 'compute', `/servers/${id}`);
  const missing = await w.member.request('compute', 'GET', `/servers/${id}`);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.itemNotFound.message, `Instance ${id} could not be found.`);
  const ports = await w.member.request('network', 'GET', `/v2.0/ports?device_id=${id}`);
  assert.equal(ports.body.ports.length, 0);
  assert.deepEqual(target.sim!.cloud('source').internalErrors, []);
});

test('boot from volume (image → new volume, and an existing volume), a pre-made port, security groups', async () => {
  const fromImage = await createServer(w, 'bfv-1', {
    imageRef: '',
    block_device_mapping_v2: [{ boot_index: 0, uuid: w.imageId, source_type: 'image', destination_type: 'volume', volume_size: 1, delete_on_termination: true }],
  });
  assert.equal(fromImage.status, 202, fromImage.text);
  const s = await pollServer(w.member, fromImage.body.server.id, (x) => x.status === 'ACTIVE');
  assert.equal(s.image, '', 'a boot-from-volume server has no image');
  const rootId = s['os-extended-volumes:volumes_attached'][0].id as string;
  const root = await w.member.request('volumev3', 'GET', `/volumes/${rootId}`);
  assert.equal(root.body.volume.status, 'in-use');
  assert.equal(root.body.volume.bootable, 'true');
  const detachRoot = await w.member.request('compute', 'DELETE', `/servers/${s.id}/os-volume_attachments/${rootId}`);
  assert.equal(detachRoot.status, 400, 'the root volume cannot be detached');
  assert.equal((await w.member.request('compute', 'DELETE', `/servers/${s.id}`)).status, 204);
  assert.equal(await gone(w.member, 'volumev3', `/volumes/${rootId}`), 404, 'delete_on_termination removed the root volume');

  const vol = await w.member.request('volumev3', 'POST', '/volumes', { body: { volume: { size: 1, imageRef: w.imageId, name: 'boot-vol' } } });
  await waitFor('boot-vol available', async () => (await w.member.request('volumev3', 'GET', `/volumes/${vol.body.volume.id}`)).body.volume.status, (st) => st === 'available');
  const port = await w.member.request('network', 'POST', '/v2.0/ports', { body: { port: { network_id: w.networkId, name: 'pre-made' } } });
  const sg = await w.member.request('network', 'POST', '/v2.0/security-groups', { body: { security_group: { name: 'web-sg' } } });
  assert.equal(sg.status, 201);
  const r = await createServer(w, 'bfv-2', {
    imageRef: '',
    networks: [{ port: port.body.port.id }],
    security_groups: [{ name: 'web-sg' }],
    block_device_mapping_v2: [{ boot_index: 0, uuid: vol.body.volume.id, source_type: 'volume', destination_type: 'volume' }],
  });
  assert.equal(r.status, 202, r.text);
  await pollServer(w.member, r.body.server.id, (x) => x.status === 'ACTIVE');
  const bound = await w.member.request('network', 'GET', `/v2.0/ports/${port.body.port.id}`);
  assert.equal(bound.body.port.device_id, r.body.server.id);
  const inUse = await createServer(w, 'bfv-3', { networks: [{ port: port.body.port.id }] });
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.conflictingRequest.message, `Port ${port.body.port.id} is still in use.`);
  const noSg = await createServer(w, 'bfv-4', { security_groups: [{ name: 'nope' }] });
  assert.equal(noSg.status, 400);
  assert.equal((await w.member.request('compute', 'DELETE', `/servers/${r.body.server.id}`)).status, 204);
  await gone(w.member, 'compute', `/servers/${r.body.server.id}`);
  const unbound = await w.member.request('network', 'GET', `/v2.0/ports/${port.body.port.id}`);
  assert.equal(unbound.body.port.device_id, '', 'a port the user brought is kept, unbound');
  await waitFor('boot-vol detached', async () => (await w.member.request('volumev3', 'GET', `/volumes/${vol.body.volume.id}`)).body.volume.status, (st) => st === 'available');
});

/** Cinder contract: volumes and their bytes, status rules, snapshots, types, attachments, quotas, microversions. */
import assert from 'node:assert/strict';
import { openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { volumes } from '../../src/simulator/cinder/store.js';
import { login, type Session } from './helpers/session.js';
import { openTarget, waitFor, type Target } from './helpers/target.js';
import { activeServer, makeWorld, type World } from './novaFixture.js';

const clock = createManualClock();
let target: Target;
let w: World;
let m: Session;
before(async () => {
  target = await openTarget({ clock });
  w = await makeWorld(await login(target.admin), await login(target.source), 'vol', { ram: 512, vcpus: 1 });
  m = w.member;
});
after(() => target.close());

const vmv = (v: string) => ({ 'OpenStack-API-Version': `volume ${v}` });
const cinder = () => target.sim!.cloud('source');
const file = (id: string) => volumes(cinder()).get(id)!.backingFile;

async function newVolume(body: Record<string, unknown>, version = '3.60'): Promise<Record<string, any>> {
  const r = await m.request('volumev3', 'POST', '/volumes', { headers: vmv(version), body: { volume: body } });
  assert.equal(r.status, 202, r.text);
  return r.body.volume;
}

async function volumeStatus(id: string): Promise<string> {
  return (await m.request('volumev3', 'GET', `/volumes/${id}`)).body.volume.status;
}

/** Waits (within the target's budget) until the volume's status is `status`: a real Cinder fills a volume in seconds. */
async function until(id: string, status: string): Promise<string> {
  return waitFor(`volume ${id} ${status}`, () => volumeStatus(id), (s) => s === status);
}

/** A new volume, once Cinder has made it available. */
async function availableVolume(body: Record<string, unknown>, version = '3.60'): Promise<Record<string, any>> {
  const v = await newVolume(body, version);
  await until(v.id, 'available');
  return v;
}

function readHead(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(n);
    readSync(fd, b, 0, n, 0);
    return b;
  } finally {
    closeSync(fd);
  }
}

test('versions and microversions: 300 root, 3.0–3.70, 406 above', async () => {
  const root = m.endpoint('volumev3').replace(/\/v3\/.*$/, '');
  const r = await fetch(`${root}/`);
  assert.equal(r.status, 300);
  const doc = (await r.json()) as { versions: { min_version: string; version: string }[] };
  assert.equal(doc.versions[0]!.min_version, '3.0');
  const ok = await m.request('volumev3', 'GET', '/volumes', { headers: vmv('3.50') });
  assert.equal(ok.headers.get('openstack-api-version'), 'volume 3.50');
  const high = await m.request('volumev3', 'GET', '/volumes', { headers: vmv('3.999') });
  assert.equal(high.status, 406);
});

test('a volume is a sparse file of its size: creating → available over polls', async () => {
  cinder().progression.set('volume', { type: 'polls', polls: 1 });
  try {
    const v = await newVolume({ size: 2, name: 'data-1' });
    assert.equal(v.status, 'creating');
    assert.equal(await volumeStatus(v.id), 'creating');
    assert.equal(await volumeStatus(v.id), 'available');
    const st = statSync(file(v.id));
    assert.equal(st.size, 2 * 1024 ** 3);
    assert.ok(st.blocks * 512 < 1024 * 1024, 'no blocks allocated for an empty volume');
  } finally {
    cinder().progression.set('volume', { type: 'immediate' });
  }
});

test('create errors: bad size 400, unknown type 404, quota 413 overLimit', async () => {
  const bad = await m.request('volumev3', 'POST', '/volumes', { body: { volume: { size: 0 } } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, 'Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1');
  const type = await m.request('volumev3', 'POST', '/volumes', { body: { volume: { size: 1, volume_type: 'gold' } } });
  assert.equal(type.status, 404);
  assert.equal(type.body.itemNotFound.message, 'Volume type with name gold could not be found.');
  const big = await m.request('volumev3', 'POST', '/volumes', { body: { volume: { size: 5000 } } });
  assert.equal(big.status, 413);
  assert.match(big.body.overLimit.message, /exceeds allowed gigabytes quota/);
});

test('snapshot of an in-use volume needs force before 3.66; volume from snapshot keeps the bytes', async () => {
  const v = await availableVolume({ size: 1, name: 'src-vol' });
  writeFileSync(file(v.id), Buffer.from('hello from the source volume'), { flag: 'r+' });
  const server = await activeServer(w, 'vol-host');
  const att = await m.request('compute', 'POST', `/servers/${server}/os-volume_attachments`, { body: { volumeAttachment: { volumeId: v.id } } });
  assert.equal(att.status, 200, att.text);
  assert.equal(att.body.volumeAttachment.device, '/dev/vdb');
  assert.equal(await volumeStatus(v.id), 'in-use');
  const noForce = await m.request('volumev3', 'POST', '/snapshots', { headers: vmv('3.65'), body: { snapshot: { volume_id: v.id, name: 's' } } });
  assert.equal(noForce.status, 400);
  assert.equal(noForce.body.badRequest.message, `Invalid volume: Volume ${v.id} status must be available, but current status is: in-use.`);
  const snap = await m.request('volumev3', 'POST', '/snapshots', { headers: vmv('3.66'), body: { snapshot: { volume_id: v.id, name: 's1' } } });
  assert.equal(snap.status, 202);
  const sid = snap.body.snapshot.id as string;
  assert.equal((await m.request('volumev3', 'GET', `/snapshots/${sid}`)).body.snapshot.status, 'available');
  const del = await m.request('volumev3', 'DELETE', `/volumes/${v.id}`);
  assert.equal(del.status, 400, 'in-use volume cannot be deleted');
  assert.match(del.body.badRequest.message, /^Invalid volume: Volume status must be available or error/);
  const copy = await newVolume({ snapshot_id: sid, name: 'from-snap' });
  assert.equal(copy.size, 1);
  assert.equal(readHead(file(copy.id), 28).toString(), 'hello from the source volume');
  const smaller = await m.request('volumev3', 'POST', '/volumes', { body: { volume: { snapshot_id: sid, size: 0 } } });
  assert.equal(smaller.status, 400);
});

test('Nova attach/detach: in-use, second attach 400, detach → available over polls', async () => {
  const v = await availableVolume({ size: 1, name: 'att' });
  const s1 = await activeServer(w, 'att-1');
  const s2 = await activeServer(w, 'att-2');
  cinder().progression.set('volume-attach', { type: 'polls', polls: 1 });
  cinder().progression.set('volume-detach', { type: 'polls', polls: 1 });
  try {
    await m.request('compute', 'POST', `/servers/${s1}/os-volume_attachments`, { body: { volumeAttachment: { volumeId: v.id } } });
    assert.equal(await volumeStatus(v.id), 'attaching');
    await m.request('compute', 'GET', `/servers/${s1}/os-volume_attachments`);
    await m.request('compute', 'GET', `/servers/${s1}/os-volume_attachments`);
    assert.equal(await volumeStatus(v.id), 'in-use');
    const shown = await m.request('volumev3', 'GET', `/volumes/${v.id}`);
    assert.equal(shown.body.volume.attachments[0].server_id, s1);
    const twice = await m.request('compute', 'POST', `/servers/${s2}/os-volume_attachments`, { body: { volumeAttachment: { volumeId: v.id } } });
    assert.equal(twice.status, 400);
    assert.match(twice.body.badRequest.message, /status must be available or downloading to reserve, but the current status is in-use/);
    assert.equal((await m.request('compute', 'DELETE', `/servers/${s1}/os-volume_attachments/${v.id}`)).status, 202);
    assert.equal(await volumeStatus(v.id), 'detaching');
    await m.request('compute', 'GET', `/servers/${s1}`);
    await m.request('compute', 'GET', `/servers/${s1}`);
    assert.equal(await volumeStatus(v.id), 'available');
    assert.equal((await m.request('compute', 'DELETE', `/servers/${s1}/os-volume_attachments/${v.id}`)).status, 404);
  } finally {
    cinder().progression.set('volume-attach', { type: 'immediate' });
    cinder().progression.set('volume-detach', { type: 'immediate' });
  }
});

test('volume from an image gets its bytes; upload-to-image walks uploading and rolls back on failure', async () => {
  const v = await newVolume({ size: 1, imageRef: w.imageId, name: 'boot' });
  assert.equal(await until(v.id, 'available'), 'available');
  const shown = (await m.request('volumev3', 'GET', `/volumes/${v.id}`)).body.volume;
  assert.equal(shown.bootable, 'true');
  assert.equal(shown.volume_image_metadata.image_id, w.imageId);
  assert.ok(readHead(file(v.id), w.imageBytes.length).equals(w.imageBytes));
  // Uploading a whole GiB through Glance's hashing takes many seconds here, so the bytes path is
  // exercised by createImage; this test covers the status machine and the failure rollback.
  cinder().progression.set('volume-upload', { type: 'time', ms: 60_000 });
  try {
    const up = await m.request('volumev3', 'POST', `/volumes/${v.id}/action`, { headers: vmv('3.1'), body: { 'os-volume_upload_image': { image_name: 'from-volume', disk_format: 'raw', container_format: 'bare' } } });
    assert.equal(up.status, 202, up.text);
    const body = up.body['os-volume_upload_image'];
    assert.equal(body.status, 'uploading');
    assert.equal(body.visibility, 'private');
    assert.equal(await volumeStatus(v.id), 'uploading');
    const image = (await m.request('image', 'GET', `/v2/images/${body.image_id}`)).body;
    assert.equal(image.status, 'queued');
    assert.equal((await m.request('volumev3', 'DELETE', `/volumes/${v.id}`)).status, 400, 'no delete while uploading');
    const busy = await m.request('volumev3', 'POST', `/volumes/${v.id}/action`, { body: { 'os-volume_upload_image': { image_name: 'again' } } });
    assert.equal(busy.status, 400);
    cinder().progression.cancel('volume-upload', v.id);
    await m.request('volumev3', 'POST', `/volumes/${v.id}/action`, { body: { 'os-reset_status': { status: 'available' } } }).then((r) => assert.equal(r.status, 403, 'reset-status is admin-only'));
    await w.admin.request('volumev3', 'POST', `/volumes/${v.id}/action`, { body: { 'os-reset_status': { status: 'available' } } });
    cinder().progression.set('volume-upload', { type: 'immediate' });
    cinder().progression.failNext('volume-upload', 'error', 'Glance is down');
    const failed = await m.request('volumev3', 'POST', `/volumes/${v.id}/action`, { body: { 'os-volume_upload_image': { image_name: 'fails' } } });
    assert.equal(failed.status, 202);
    assert.equal(await volumeStatus(v.id), 'available', 'a failed upload returns the volume to its previous status');
    assert.equal((await m.request('image', 'GET', `/v2/images/${failed.body['os-volume_upload_image'].image_id}`)).body.status, 'killed');
  } finally {
    cinder().progression.set('volume-upload', { type: 'immediate' });
  }
});

test('attachments API: gated at 3.27, reserve → attaching → in-use → delete', async () => {
  const v = await availableVolume({ size: 1, name: 'api-att' });
  const server = await activeServer(w, 'api-att-host');
  assert.equal((await m.request('volumev3', 'POST', '/attachments', { headers: vmv('3.26'), body: { attachment: { volume_uuid: v.id } } })).status, 404);
  const a = await m.request('volumev3', 'POST', '/attachments', { headers: vmv('3.44'), body: { attachment: { volume_uuid: v.id, instance_uuid: server } } });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.attachment.status, 'reserved');
  assert.equal(await volumeStatus(v.id), 'reserved');
  const id = a.body.attachment.id as string;
  // Zed's update reply shows the attachment as it was before the update (still reserved); the
  // connector's effect, attaching, is visible on the next read, of the attachment and the volume.
  const updated = await m.request('volumev3', 'PUT', `/attachments/${id}`, { headers: vmv('3.44'), body: { attachment: { connector: { host: 'h', initiator: 'iqn' } } } });
  assert.equal(updated.status, 200, updated.text);
  assert.equal(updated.body.attachment.status, 'reserved');
  assert.equal(typeof updated.body.attachment.connection_info, 'object');
  const attachment = async () => (await m.request('volumev3', 'GET', `/attachments/${id}`, { headers: vmv('3.44') })).body.attachment;
  assert.equal((await attachment()).status, 'attaching');
  assert.equal(await volumeStatus(v.id), 'attaching');
  assert.equal((await m.request('volumev3', 'POST', `/attachments/${id}/action`, { headers: vmv('3.44'), body: { 'os-complete': null } })).status, 204);
  assert.equal((await attachment()).status, 'attached');
  assert.equal(await volumeStatus(v.id), 'in-use');
  const deleted = await m.request('volumev3', 'DELETE', `/attachments/${id}`, { headers: vmv('3.44') });
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.body, { attachments: [] });
  assert.equal(await until(v.id, 'available'), 'available');
});

test('snapshots: list by volume with paging, delete over polls, volume with snapshots cannot be deleted', async () => {
  const v = await availableVolume({ size: 1, name: 'snapped' });
  const ids: string[] = [];
  for (const name of ['a', 'b', 'c']) {
    const r = await m.request('volumev3', 'POST', '/snapshots', { body: { snapshot: { volume_id: v.id, name } } });
    assert.equal(r.status, 202, r.text);
    ids.push(r.body.snapshot.id);
  }
  for (const sid of ids) {
    await waitFor(`snapshot ${sid} available`, async () => (await m.request('volumev3', 'GET', `/snapshots/${sid}`)).body.snapshot.status, (st) => st === 'available');
  }
  const page = await m.request('volumev3', 'GET', `/snapshots/detail?volume_id=${v.id}&limit=2`, { headers: vmv('3.65') });
  assert.equal(page.body.snapshots.length, 2);
  assert.equal(page.body.snapshots[0].consumes_quota, true);
  assert.match(page.body.snapshots_links[0].href, /marker=/);
  const blocked = await m.request('volumev3', 'DELETE', `/volumes/${v.id}`);
  assert.equal(blocked.status, 400, 'a volume with snapshots cannot be deleted');
  cinder().progression.set('snapshot-delete', { type: 'polls', polls: 1 });
  try {
    assert.equal((await m.request('volumev3', 'DELETE', `/snapshots/${ids[0]}`)).status, 202);
    assert.equal((await m.request('volumev3', 'GET', `/snapshots/${ids[0]}`)).body.snapshot.status, 'deleting');
    await m.request('volumev3', 'GET', `/snapshots/${ids[0]}`);
    assert.equal((await m.request('volumev3', 'GET', `/snapshots/${ids[0]}`)).status, 404);
  } finally {
    cinder().progression.set('snapshot-delete', { type: 'immediate' });
  }
  assert.equal((await m.request('volumev3', 'DELETE', `/volumes/${v.id}?cascade=true`)).status, 202);
  assert.equal((await m.request('volumev3', 'GET', `/snapshots/${ids[1]}`)).status, 404, 'cascade removed the snapshots');
});

test('list paging, types, limits and delete', async () => {
  const page = await m.request('volumev3', 'GET', '/volumes?limit=2');
  assert.equal(page.body.volumes.length, 2);
  assert.match(page.body.volumes_links[0].href, /marker=/);
  const types = await m.request('volumev3', 'GET', '/types');
  assert.ok(types.body.volume_types.some((t: { name: string }) => t.name === '__DEFAULT__'));
  const limits = await m.request('volumev3', 'GET', '/limits');
  assert.ok(limits.body.limits.absolute.totalVolumesUsed >= 4);
  const v = await newVolume({ size: 1, name: 'doomed' });
  assert.equal((await m.request('volumev3', 'DELETE', `/volumes/${v.id}`)).status, 202);
  assert.equal((await m.request('volumev3', 'GET', `/volumes/${v.id}`)).status, 404);
  assert.deepEqual(cinder().internalErrors, []);
});

/** Glance v2 contract: status machine, streamed data with checksums, JSON patch, listing, tags, errors. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { openTarget, type Target } from './helpers/target.js';
import { login, send, type Session } from './helpers/session.js';

let target: Target;
let s: Session;
const created: string[] = [];
before(async () => {
  target = await openTarget();
  s = await login(target.source);
});
after(async () => {
  for (const id of created) await s.request('image', 'DELETE', `/v2/images/${id}`).catch(() => {});
  await target.close();
});

const img = (path: string, method = 'GET', body?: unknown, headers?: Record<string, string>) =>
  s.request('image', method, `/v2/images${path}`, { ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
const patchType = { 'content-type': 'application/openstack-images-v2.1-json-patch' };

async function create(extra: Record<string, unknown> = {}) {
  const r = await img('', 'POST', { name: `contract-${randomBytes(3).toString('hex')}`, disk_format: 'raw', container_format: 'bare', ...extra });
  assert.equal(r.status, 201, r.text);
  created.push(r.body.id);
  return r;
}

test('create → queued; upload streams, computes checksum/sha512/size → active; download streams with Content-MD5', async () => {
  const r = await create({ os_distro: 'cirros' });
  const image = r.body;
  assert.equal(image.status, 'queued');
  assert.equal(image.size, null);
  assert.equal(image.checksum, null);
  assert.equal(image.os_distro, 'cirros', 'extra properties are top-level fields');
  assert.equal(image.visibility, 'shared');
  assert.equal(image.file, `/v2/images/${image.id}/file`);
  assert.match(r.headers.get('location') ?? '', new RegExp(`/v2/images/${image.id}$`));
  const queued = await img(`/${image.id}/file`);
  assert.equal(queued.status, 204);
  const data = randomBytes(300 * 1024);
  const put = await s.request('image', 'PUT', `/v2/images/${image.id}/file`, { raw: data });
  assert.equal(put.status, 204);
  const shown = (await img(`/${image.id}`)).body;
  assert.equal(shown.status, 'active');
  assert.equal(shown.size, data.length);
  assert.equal(shown.checksum, createHash('md5').update(data).digest('hex'));
  assert.equal(shown.os_hash_algo, 'sha512');
  assert.equal(shown.os_hash_value, createHash('sha512').update(data).digest('hex'));
  const res = await fetch(`${s.endpoint('image')}/v2/images/${image.id}/file`, { headers: { 'x-auth-token': s.token } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-md5'), shown.checksum);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(data));
  const again = await s.request('image', 'PUT', `/v2/images/${image.id}/file`, { raw: data });
  assert.equal(again.status, 409);
  assert.match(again.body.message, /^Image status transition from active to saving is not allowed/);
});

test('JSON patch: replace, add and remove properties; read-only 403; wrong media type 415', async () => {
  const image = (await create()).body;
  const patched = await img(`/${image.id}`, 'PATCH', [
    { op: 'replace', path: '/name', value: 'renamed' },
    { op: 'add', path: '/hw_disk_bus', value: 'scsi' },
    { op: 'add', path: '/min_ram', value: 512 },
  ], patchType);
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.body.name, 'renamed');
  assert.equal(patched.body.hw_disk_bus, 'scsi');
  assert.equal(patched.body.min_ram, 512);
  const removed = await img(`/${image.id}`, 'PATCH', [{ op: 'remove', path: '/hw_disk_bus' }], patchType);
  assert.equal(removed.body.hw_disk_bus, undefined);
  const readOnly = await img(`/${image.id}`, 'PATCH', [{ op: 'replace', path: '/status', value: 'active' }], patchType);
  assert.equal(readOnly.status, 403);
  const absent = await img(`/${image.id}`, 'PATCH', [{ op: 'remove', path: '/nope' }], patchType);
  assert.equal(absent.status, 409);
  const wrongType = await img(`/${image.id}`, 'PATCH', [{ op: 'replace', path: '/name', value: 'x' }]);
  assert.equal(wrongType.status, 415);
});

test('errors: 404 for an unknown id, 400 for a bad disk_format, 403 deleting a protected image', async () => {
  const missing = await img('/00000000-0000-4000-8000-000000000000');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, '404 Not Found');
  assert.match(missing.body.message, /^No image found with ID 00000000-0000-4000-8000-000000000000/);
  const bad = await img('', 'POST', { disk_format: 'nonsense' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /'nonsense' is not one of/);
  const html = await send(`${s.endpoint('image')}/v2/images/00000000-0000-4000-8000-000000000000`, 'GET', { token: s.token, headers: { accept: 'text/html' } });
  assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
  const prot = (await create({ protected: true })).body;
  assert.equal((await img(`/${prot.id}`, 'DELETE')).status, 403);
  await img(`/${prot.id}`, 'PATCH', [{ op: 'replace', path: '/protected', value: false }], patchType);
  assert.equal((await img(`/${prot.id}`, 'DELETE')).status, 204);
  assert.equal((await img(`/${prot.id}`)).status, 404);
  const noAuth = await send(`${s.endpoint('image')}/v2/images`, 'GET', {});
  assert.equal(noAuth.status, 401);
});

test('listing: filter by name and tag, newest first, limit/marker with next and first links', async () => {
  const tag = `t${randomBytes(3).toString('hex')}`;
  const a = (await create()).body;
  const b = (await create()).body;
  for (const id of [a.id, b.id]) assert.equal((await img(`/${id}/tags/${tag}`, 'PUT')).status, 204);
  const byName = await img(`?name=${a.name}`);
  assert.deepEqual(byName.body.images.map((i: { id: string }) => i.id), [a.id]);
  assert.equal(byName.body.schema, '/v2/schemas/images');
  const page1 = await img(`?tag=${tag}&limit=1`);
  assert.equal(page1.body.images.length, 1);
  assert.match(page1.body.next, /^\/v2\/images\?.*marker=/);
  assert.match(page1.body.first, /^\/v2\/images\?/);
  const page2 = await s.request('image', 'GET', page1.body.next);
  assert.equal(page2.body.images.length, 1);
  assert.deepEqual(new Set([page1.body.images[0].id, page2.body.images[0].id]), new Set([a.id, b.id]));
  assert.equal((await img(`/${a.id}/tags/${tag}`, 'DELETE')).status, 204);
  assert.deepEqual((await img(`?tag=${tag}`)).body.images.map((i: { id: string }) => i.id), [b.id]);
  assert.equal((await img(`?marker=00000000-0000-4000-8000-000000000000`)).status, 400);
});

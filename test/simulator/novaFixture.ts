/**
 * Shared setup for the Nova and Cinder contract suites: sessions, an uploaded image, a flavor,
 * the public network, and helpers to create a server and poll it — all through the public API,
 * so the same steps run against a real cloud.
 */
import assert from 'node:assert/strict';
import type { Res, Session } from './helpers/session.js';
import { budget, waitFor } from './helpers/target.js';

export const mv = (v: string) => ({ 'OpenStack-API-Version': `compute ${v}` });

export interface World {
  admin: Session;
  member: Session;
  imageId: string;
  imageBytes: Buffer;
  flavorId: string;
  networkId: string;
}

export async function uploadImage(s: Session, name: string, bytes: Buffer): Promise<string> {
  const created = await s.request('image', 'POST', '/v2/images', { body: { name, disk_format: 'raw', container_format: 'bare' } });
  assert.equal(created.status, 201, created.text);
  const put = await s.request('image', 'PUT', `/v2/images/${created.body.id}/file`, { raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(put.status, 204, put.text);
  return created.body.id as string;
}

/** A suffix that keeps names unique across runs against a real cloud. */
export const runId = Date.now().toString(36);

export async function makeWorld(admin: Session, member: Session, tag: string, size = { ram: 2048, vcpus: 2 }): Promise<World> {
  const imageBytes = Buffer.alloc(128 * 1024, `${tag}-disk-bytes `);
  const imageId = await uploadImage(member, `cirros-${tag}-${runId}`, imageBytes);
  const flavor = await admin.request('compute', 'POST', '/flavors', { body: { flavor: { name: `m1.${tag}-${runId}`, ram: size.ram, vcpus: size.vcpus, disk: 10, 'os-flavor-access:is_public': false } } });
  await admin.request('compute', 'POST', `/flavors/${flavor.body.flavor.id}/action`, { body: { addTenantAccess: { tenant: member.projectId } } });
  assert.equal(flavor.status, 200, flavor.text);
  const nets = await member.request('network', 'GET', '/v2.0/networks?name=public');
  const networkId = nets.body.networks[0].id as string;
  return { admin, member, imageId, imageBytes, flavorId: flavor.body.flavor.id, networkId };
}

export async function createServer(w: World, name: string, extra: Record<string, unknown> = {}, session = w.member): Promise<Res> {
  return session.request('compute', 'POST', '/servers', {
    headers: mv('2.72'),
    body: { server: { name, flavorRef: w.flavorId, imageRef: w.imageId, networks: [{ uuid: w.networkId }], ...extra } },
  });
}

export async function show(s: Session, id: string, version = '2.72'): Promise<Record<string, any>> {
  const r = await s.request('compute', 'GET', `/servers/${id}`, { headers: mv(version) });
  assert.equal(r.status, 200, r.text);
  return r.body.server;
}

/** Against a real cloud (STACKSHIFT_CONFORMANCE_CLOUDS) a boot takes seconds, not polls. */
export const realCloud = budget.real;

/** Polls a server until `done` holds, within the target's wait budget (the simulator advances on polls or immediately). */
export async function pollServer(s: Session, id: string, done: (server: Record<string, any>) => boolean): Promise<Record<string, any>> {
  const last = await waitFor(`server ${id}`, () => show(s, id), done).catch((error: Error) => {
    assert.fail(`server ${id} never reached the expected state: ${error.message}`);
  });
  return last;
}

/** Polls until GET of `path` is 404 (deletes are asynchronous in a real Nova and Cinder). */
export async function gone(s: Session, service: string, path: string): Promise<number> {
  const r = await waitFor(`${service} ${path} gone`, async () => (await s.request(service, 'GET', path)).status, (status) => status === 404);
  return r;
}

export async function activeServer(w: World, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await createServer(w, name, extra);
  assert.equal(r.status, 202, r.text);
  await pollServer(w.member, r.body.server.id, (s) => s.status === 'ACTIVE');
  return r.body.server.id as string;
}

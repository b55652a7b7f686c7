/**
 * stackshift's OpenStack client (src/executors/openstack/) against the real cloud: one
 * create–read–delete round trip per service through the same functions the reconciler calls,
 * plus the error path (E_HTTP with status and request id) and the microversion check.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { StackshiftError } from '../../src/errors.js';
import * as cinder from '../../src/executors/openstack/cinder.js';
import * as glance from '../../src/executors/openstack/glance.js';
import * as ironic from '../../src/executors/openstack/ironic.js';
import * as keystone from '../../src/executors/openstack/keystone.js';
import * as neutron from '../../src/executors/openstack/neutron.js';
import * as nova from '../../src/executors/openstack/nova.js';
import * as placement from '../../src/executors/openstack/placement.js';
import { waitFor } from '../../src/executors/openstack/waitFor.js';
import { systemClock } from '../../src/wiring.js';
import { sshPublicKey } from '../shape/helpers/sections/compute.js';
import { openRealClients, type RealClients } from './helpers/realClients.js';

let c: RealClients;
before(async () => { c = await openRealClients(); });
after(async () => { await c?.close(); });

const until = <T>(what: string, poll: () => Promise<T>, done: (v: T) => boolean, failed?: (v: T) => string | undefined) =>
  waitFor({ poll, done, ...(failed ? { failed } : {}), clock: systemClock, timeoutMs: 120_000, intervalMs: 1000, what });
const errorState = (s: string) => (/error/i.test(s) ? s : undefined);

test('keystone: the member reads its own project', async () => {
  const id = await c.source.projectId();
  const project = await keystone.getProject(c.source, id);
  assert.equal(project.id, id);
});

test('errors: a missing network is E_HTTP 404 with the request id and Neutron\'s message', async () => {
  const error = await neutron.getNetwork(c.source, '00000000-0000-4000-8000-000000000000').then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof StackshiftError, String(error));
  assert.equal(error.code, 'E_HTTP');
  assert.equal(error.data.status, 404);
  assert.match(String(error.data.requestId), /^req-[0-9a-f-]{36}$/);
  assert.match(error.message, /could not be found/);
});

test('errors: an Ironic 404 carries the request id Ironic sends as Openstack-Request-Id', async () => {
  const error = await ironic.getNode(c.admin, 'conf-no-such-node').then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof StackshiftError, String(error));
  assert.equal(error.data.status, 404);
  assert.match(String(error.data.requestId), /^req-[0-9a-f-]{36}$/);
});

test('neutron: network, subnet, router with interface, tags, security group and rule', async () => {
  const net = await neutron.createNetwork(c.source, { name: 'conf-client-net' });
  try {
    await neutron.addTag(c.source, 'networks', net.id, 'stackshift');
    assert.deepEqual((await neutron.replaceTags(c.source, 'networks', net.id, ['a', 'stackshift'])).sort(), ['a', 'stackshift']);
    const subnet = await neutron.createSubnet(c.source, { network_id: net.id, cidr: '10.97.0.0/24', ip_version: 4 });
    const router = await neutron.createRouter(c.source, { name: 'conf-client-router' });
    await neutron.addRouterInterface(c.source, router.id, { subnet_id: subnet.id });
    const ports = await neutron.listPorts(c.source, { network_id: net.id, device_owner: 'network:router_interface' });
    assert.equal(ports.length, 1);
    await neutron.removeRouterInterface(c.source, router.id, { subnet_id: subnet.id });
    assert.equal(await neutron.deleteRouter(c.source, router.id), true);
    const sg = await neutron.createSecurityGroup(c.source, { name: 'conf-client-sg' });
    const egress = (await neutron.listSecurityGroupRules(c.source, { security_group_id: sg.id })).map((r) => `${r.direction}/${r.ethertype}`).sort();
    assert.deepEqual(egress, ['egress/IPv4', 'egress/IPv6'], 'a new group carries the two default egress rules');
    await neutron.createSecurityGroupRule(c.source, { security_group_id: sg.id, direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22 });
    assert.equal(await neutron.deleteSecurityGroup(c.source, sg.id), true);
  } finally {
    assert.equal(await neutron.deleteNetwork(c.source, net.id), true);
    assert.equal(await neutron.deleteNetwork(c.source, net.id), false, 'a second delete reports "already gone"');
  }
});

test('glance: image create, data upload, download with matching md5, patch, delete', async () => {
  const data = Buffer.alloc(64 * 1024, 7);
  const image = await glance.createImage(c.source, { name: 'conf-client-image', disk_format: 'raw', container_format: 'bare' });
  try {
    await glance.uploadImageData(c.source, image.id, Readable.from([data]), data.length);
    const active = await until('image active', () => glance.getImage(c.source, image.id), (i) => i.status === 'active', (i) => (i.status === 'killed' ? 'killed' : undefined));
    assert.equal(active.checksum, createHash('md5').update(data).digest('hex'));
    assert.equal(active.os_hash_value, createHash('sha512').update(data).digest('hex'));
    const download = await glance.downloadImageData(c.source, image.id);
    const chunks: Buffer[] = [];
    for await (const chunk of download.body) chunks.push(Buffer.from(chunk));
    assert.deepEqual(Buffer.concat(chunks), data);
    assert.equal(download.md5, active.checksum);
    const patched = await glance.updateImage(c.source, image.id, [{ op: 'add', path: '/stackshift_marker', value: 'x' }]);
    assert.equal((patched as unknown as Record<string, unknown>).stackshift_marker, 'x');
  } finally {
    assert.equal(await glance.deleteImage(c.source, image.id), true);
  }
});

test('cinder: volume and snapshot reach available and are deleted', async () => {
  assert.ok((await cinder.listVolumeTypes(c.source)).length >= 1);
  const volume = await cinder.createVolume(c.source, { size: 1, name: 'conf-client-vol' });
  try {
    await until('volume available', () => cinder.getVolume(c.source, volume.id), (v) => v.status === 'available', (v) => errorState(v.status));
    const snap = await cinder.createSnapshot(c.source, { volume_id: volume.id, name: 'conf-client-snap' });
    await until('snapshot available', () => cinder.getSnapshot(c.source, snap.id), (s) => s.status === 'available', (s) => errorState(s.status));
    await cinder.deleteSnapshot(c.source, snap.id);
    await until('snapshot gone', () => cinder.listSnapshots(c.source, { volume_id: volume.id }), (l) => l.length === 0);
  } finally {
    await cinder.deleteVolume(c.source, volume.id);
  }
});

test('nova: flavors, keypair round trip; admin sees compute services and hypervisors', async () => {
  assert.ok(Array.isArray(await nova.listFlavors(c.source)));
  const key = await nova.createKeypair(c.source, { name: 'conf-client-key', public_key: sshPublicKey() });
  try {
    assert.equal((await nova.getKeypair(c.source, key.name)).name, 'conf-client-key');
    assert.ok((await nova.listKeypairs(c.source)).some((k) => k.name === 'conf-client-key'));
  } finally {
    await nova.deleteKeypair(c.source, key.name);
  }
  const services = await nova.listComputeServices(c.admin);
  assert.ok(services.some((s) => s.binary === 'nova-compute' && s.state === 'up'));
  assert.ok((await nova.listHypervisors(c.admin)).length >= 1);
});

test('microversions: asking compute for more than the cloud offers fails before sending', async () => {
  const error = await c.source.request({ service: 'compute', method: 'GET', path: '/servers', microversion: '2.999' }).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof StackshiftError);
  assert.equal(error.code, 'E_MICROVERSION_UNSUPPORTED');
});

test('placement: providers with inventories and usages (admin)', async () => {
  const providers = await placement.listResourceProviders(c.admin);
  assert.ok(providers.length >= 1);
  const inventories = await placement.getProviderInventories(c.admin, providers[0]!.uuid);
  assert.ok('VCPU' in inventories && 'MEMORY_MB' in inventories);
  assert.equal(typeof (await placement.getProviderUsages(c.admin, providers[0]!.uuid)).VCPU, 'number');
});

test('ironic: enrol a fake-hardware node, manage and provide it to available, port, delete', async () => {
  const node = await ironic.createNode(c.admin, { name: 'conf-client-node', driver: 'fake-hardware' });
  try {
    const port = await ironic.createBaremetalPort(c.admin, { node_uuid: node.uuid, address: '52:54:00:c0:ff:01' });
    assert.ok((await ironic.listBaremetalPorts(c.admin, { node: node.uuid })).some((p) => p.uuid === port.uuid));
    await ironic.setProvisionState(c.admin, node.uuid, 'manage');
    await until('node manageable', () => ironic.getNode(c.admin, node.uuid), (n) => n.provision_state === 'manageable', (n) => (n.last_error ? String(n.last_error) : undefined));
    await ironic.setProvisionState(c.admin, node.uuid, 'provide');
    await until('node available', () => ironic.getNode(c.admin, node.uuid), (n) => n.provision_state === 'available', (n) => (n.last_error ? String(n.last_error) : undefined));
  } finally {
    await ironic.deleteNode(c.admin, node.uuid);
  }
});

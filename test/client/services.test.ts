/**
 * The per-service call modules against the simulator: paths, bodies, microversions and result
 * shapes, one scenario per service.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as cinder from '../../src/executors/openstack/cinder.js';
import * as glance from '../../src/executors/openstack/glance.js';
import * as ironic from '../../src/executors/openstack/ironic.js';
import * as keystone from '../../src/executors/openstack/keystone.js';
import * as neutron from '../../src/executors/openstack/neutron.js';
import * as nova from '../../src/executors/openstack/nova.js';
import * as placement from '../../src/executors/openstack/placement.js';
import { waitFor } from '../../src/executors/openstack/waitFor.js';
import type { OpenStackClient } from '../../src/executors/openstack/client.js';
import { startHarness, type Harness } from '../export/simHarness.js';

let h: Harness;
let c: OpenStackClient;
let admin: OpenStackClient;
const clock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20))) };

describe('OpenStack service modules against the simulator', () => {
  before(async () => {
    h = await startHarness();
    c = await h.client('src');
    admin = await h.client('src-admin');
  });
  after(async () => {
    await h.close();
  });

  it('neutron: network, subnet, router with an interface, tags, security group rule', async () => {
    const net = await neutron.createNetwork(c, { name: 'svc-net' });
    const subnet = await neutron.createSubnet(c, { name: 'svc-subnet', network_id: net.id, cidr: '10.77.0.0/24', ip_version: 4 });
    assert.equal(subnet.gateway_ip, '10.77.0.1');
    const router = await neutron.createRouter(c, { name: 'svc-router' });
    const added = await neutron.addRouterInterface(c, router.id, { subnet_id: subnet.id });
    const port = await neutron.getPort(c, added.port_id);
    assert.equal(port.device_id, router.id);
    assert.deepEqual(port.fixed_ips.map((f) => f.ip_address), ['10.77.0.1']);
    await neutron.removeRouterInterface(c, router.id, { subnet_id: subnet.id });
    assert.deepEqual(await neutron.replaceTags(c, 'networks', net.id, ['b', 'a']), ['b', 'a']);
    const sg = await neutron.createSecurityGroup(c, { name: 'svc-sg' });
    const rule = await neutron.createSecurityGroupRule(c, { security_group_id: sg.id, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22 });
    assert.ok((await neutron.listSecurityGroupRules(c, { security_group_id: sg.id })).some((r) => r.id === rule.id));
    assert.equal(await neutron.deleteRouter(c, router.id), true);
    assert.equal(await neutron.deleteSubnet(c, subnet.id), true);
    assert.equal(await neutron.deleteNetwork(c, net.id), true);
    assert.equal(await neutron.deleteNetwork(c, net.id), false);
  });

  it('glance: create, upload, download the same bytes, patch, delete', async () => {
    const image = await glance.createImage(c, { name: 'svc-image', disk_format: 'raw', container_format: 'bare', visibility: 'private' });
    const bytes = Buffer.alloc(300_000, 7);
    await glance.uploadImageData(c, image.id, Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]), bytes.length);
    const active = await waitFor({ poll: () => glance.getImage(c, image.id), done: (i) => i.status === 'active', failed: (i) => (i.status === 'killed' ? 'killed' : undefined), clock, timeoutMs: 5_000, intervalMs: 10, what: 'image svc-image to become active' });
    assert.equal(active.size, bytes.length);
    const download = await glance.downloadImageData(c, image.id);
    const hash = createHash('md5');
    for await (const chunk of download.body) hash.update(chunk as Buffer);
    assert.equal(hash.digest('hex'), createHash('md5').update(bytes).digest('hex'));
    const patched = await glance.updateImage(c, image.id, [{ op: 'add', path: '/os_distro', value: 'cirros' }]);
    assert.equal(patched.os_distro, 'cirros');
    assert.equal(await glance.deleteImage(c, image.id), true);
  });

  it('nova: flavors with extra specs, keypairs, servers stop/start', async () => {
    const flavors = await nova.listFlavors(c);
    const small = flavors.find((f) => f.name === 'm1.small')!;
    assert.deepEqual(small.extra_specs, { 'hw_rng:allowed': 'true' });
    assert.deepEqual(await nova.getFlavorExtraSpecs(c, small.id), { 'hw_rng:allowed': 'true' });
    const kp = await nova.createKeypair(c, { name: 'svc-key', public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKefmuCMKNZydxyRhTrn3kkzgWvmJxwFydYehXDGWJoj svc' });
    assert.equal(kp.type, 'ssh');
    assert.ok((await nova.listKeypairs(c)).some((k) => k.name === 'svc-key'));
    await nova.deleteKeypair(c, 'svc-key');
    const servers = await nova.listServers(c);
    const web = servers.find((s) => s.name === 'web-2')!;
    assert.equal(web.flavor.original_name, 'm1.small');
    await nova.stopServer(c, web.id);
    const stopped = await waitFor({ poll: () => nova.getServer(c, web.id), done: (s) => s.status === 'SHUTOFF', failed: (s) => (s.status === 'ERROR' ? 'ERROR' : undefined), clock, timeoutMs: 5_000, intervalMs: 10, what: 'web-2 to stop' });
    assert.equal(stopped.status, 'SHUTOFF');
    await nova.startServer(c, web.id);
    await waitFor({ poll: () => nova.getServer(c, web.id), done: (s) => s.status === 'ACTIVE', clock, timeoutMs: 5_000, intervalMs: 10, what: 'web-2 to start' });
    const services = await nova.listComputeServices(admin);
    assert.ok(services.length > 0 && services.every((s) => s.binary === 'nova-compute'));
    assert.ok((await nova.listHypervisors(admin)).length > 0);
  });

  it('cinder: volume types, create and delete a volume', async () => {
    assert.ok((await cinder.listVolumeTypes(c)).length > 0);
    const vol = await cinder.createVolume(c, { name: 'svc-vol', size: 1 });
    const ready = await waitFor({ poll: () => cinder.getVolume(c, vol.id), done: (v) => v.status === 'available', failed: (v) => (v.status === 'error' ? 'error' : undefined), clock, timeoutMs: 5_000, intervalMs: 10, what: 'svc-vol to become available' });
    assert.equal(ready.size, 1);
    assert.ok((await cinder.listVolumes(c)).some((v) => v.id === vol.id));
    assert.equal(await cinder.deleteVolume(c, vol.id), true);
  });

  it('keystone, placement and ironic answer typed lists', async () => {
    const project = await keystone.getProject(admin, await c.projectId());
    assert.equal(project.name, 'acme-shop');
    const providers = await placement.listResourceProviders(admin);
    assert.ok(providers.length > 0);
    const usages = await placement.getProviderUsages(admin, providers[0]!.uuid);
    assert.equal(typeof usages, 'object');
    const nodes = await ironic.listNodes(admin);
    assert.ok(Array.isArray(nodes));
    for (const service of ['compute', 'volumev3', 'placement', 'baremetal'] as const) {
      const range = await admin.microversionRange(service);
      assert.ok(range && range.min < range.max, `${service} publishes a microversion range`);
    }
    for (const service of ['image', 'network', 'identity'] as const) assert.equal(await admin.microversionRange(service), undefined);
  });

  it('ironic: a node comes back unwrapped, and an error carries Ironic\'s Openstack-Request-Id', async () => {
    const created = await ironic.createNode(admin, { name: 'svc-node', driver: 'fake-hardware' });
    const node = await ironic.getNode(admin, created.uuid);
    assert.equal(node.uuid, created.uuid);
    assert.equal(node.name, 'svc-node');
    await assert.rejects(ironic.getNode(admin, '00000000-0000-4000-8000-000000000000'), (err: Error & { data?: Record<string, unknown> }) => {
      assert.equal(err.data?.status, 404);
      assert.match(String(err.data?.requestId), /^req-/);
      return true;
    });
    assert.equal(await ironic.deleteNode(admin, created.uuid), true);
  });
});

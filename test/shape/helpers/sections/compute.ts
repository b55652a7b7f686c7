/**
 * Nova: versions, flavors with extra specs, keypairs, a server's life (create, ACTIVE, stop,
 * stop again), volume attachments, limits, services, hypervisors, microversion and body errors.
 * Creates its own image, network, flavor and volume so it does not depend on what a cloud holds.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Probe } from '../probe.js';
import { quietly } from '../probe.js';

const MV = { 'openstack-api-version': 'compute 2.79' };
const nova = (code: string) => ({ values: [`${code}.code`] });

/** An OpenSSH ed25519 public key line, built by hand because Nova validates the key. */
export function sshPublicKey(): string {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  const str = (b: Buffer) => { const n = Buffer.alloc(4); n.writeUInt32BE(b.length); return Buffer.concat([n, b]); };
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(Buffer.from(jwk.x!, 'base64url'))]);
  return `ssh-ed25519 ${blob.toString('base64')} conformance`;
}

export async function compute(p: Probe): Promise<void> {
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    await p.call('versions', 'member', 'compute', 'GET', '/', { fromRoot: true });
    await p.call('version-v2.1', 'member', 'compute', 'GET', '/');
    await p.call('microversion-too-high', 'member', 'compute', 'GET', '/servers', { headers: { 'openstack-api-version': 'compute 2.999' } });
    const flavor = await p.call('flavor-create', 'admin', 'compute', 'POST', '/flavors',
      { body: { flavor: { name: 'conf-flavor', ram: 64, vcpus: 1, disk: 1 } } });
    const flavorId = (flavor.body as any).flavor.id as string;
    cleanup.push(() => p.raw('admin', 'compute', 'DELETE', `/flavors/${flavorId}`));
    await p.call('flavor-extra-specs-set', 'admin', 'compute', 'POST', `/flavors/${flavorId}/os-extra_specs`,
      { body: { extra_specs: { 'hw:cpu_policy': 'shared', 'conf:marker': 'x' } }, dynamic: ['extra_specs'] });
    await p.call('flavor-extra-specs', 'member', 'compute', 'GET', `/flavors/${flavorId}/os-extra_specs`, { dynamic: ['extra_specs'] });
    await p.call('flavor-show-2.61', 'member', 'compute', 'GET', `/flavors/${flavorId}`,
      { headers: { 'openstack-api-version': 'compute 2.61' }, dynamic: ['flavor.extra_specs'] });
    await p.call('flavors-detail', 'member', 'compute', 'GET', '/flavors/detail');
    await p.call('flavor-not-found', 'member', 'compute', 'GET', '/flavors/conf-no-such-flavor', nova('itemNotFound'));
    const key = await p.call('keypair-import', 'member', 'compute', 'POST', '/os-keypairs',
      { body: { keypair: { name: 'conf-key', public_key: sshPublicKey() } } });
    if (key.status === 200) cleanup.push(() => p.raw('member', 'compute', 'DELETE', '/os-keypairs/conf-key'));
    await p.call('keypair-duplicate', 'member', 'compute', 'POST', '/os-keypairs',
      { body: { keypair: { name: 'conf-key', public_key: sshPublicKey() } }, ...nova('conflictingRequest') });
    await p.call('keypairs', 'member', 'compute', 'GET', '/os-keypairs');
    await p.call('keypair-show', 'member', 'compute', 'GET', '/os-keypairs/conf-key');
    await p.call('keypair-not-found', 'member', 'compute', 'GET', '/os-keypairs/conf-no-such-key', nova('itemNotFound'));

    const image = await p.raw('member', 'image', 'POST', '/v2/images', { body: { name: 'conf-boot', disk_format: 'raw', container_format: 'bare' } });
    const imageId = (image.body as any).id as string;
    cleanup.push(() => p.raw('member', 'image', 'DELETE', `/v2/images/${imageId}`));
    await p.raw('member', 'image', 'PUT', `/v2/images/${imageId}/file`, { data: new Uint8Array(1024) });
    await p.waitFor('member', 'image', `/v2/images/${imageId}`, (b) => b.status, ['active']);
    const net = await p.raw('member', 'network', 'POST', '/v2.0/networks', { body: { network: { name: 'conf-compute-net' } } });
    const netId = (net.body as any).network.id as string;
    cleanup.push(() => p.raw('member', 'network', 'DELETE', `/v2.0/networks/${netId}`));
    await p.raw('member', 'network', 'POST', '/v2.0/subnets', { body: { subnet: { network_id: netId, cidr: '10.98.0.0/24', ip_version: 4 } } });

    await p.call('server-create-bad', 'member', 'compute', 'POST', '/servers', { body: { server: { name: 'x' } }, headers: MV, ...nova('badRequest') });
    const created = await p.call('server-create', 'member', 'compute', 'POST', '/servers', { headers: MV, body: { server: {
      name: 'conf-server', imageRef: imageId, flavorRef: flavorId, key_name: 'conf-key', networks: [{ uuid: netId }],
      metadata: { conf: 'x' } } }, expectHeaders: ['location'] });
    const serverId = (created.body as any).server.id as string;
    cleanup.unshift(async () => {
      await p.raw('member', 'compute', 'DELETE', `/servers/${serverId}`);
      await p.waitFor('member', 'compute', `/servers/${serverId}`, (b) => b.server?.status, ['HTTP 404', 'DELETED']).catch(() => undefined);
    });
    p.record('server-active', await p.waitFor('member', 'compute', `/servers/${serverId}`, (b) => b.server.status, ['ACTIVE'], { headers: MV }),
      { dynamic: ['server.addresses', 'server.metadata', 'server.flavor.extra_specs'], values: ['server.status', 'server.OS-EXT-STS:vm_state', 'server.OS-EXT-STS:power_state'] });
    await p.call('server-show-2.1', 'member', 'compute', 'GET', `/servers/${serverId}`, { dynamic: ['server.addresses', 'server.metadata', 'server.flavor.extra_specs'] });
    await p.call('servers-detail-page', 'member', 'compute', 'GET', '/servers/detail?limit=1&status=ACTIVE', { headers: MV, dynamic: ['servers[].addresses', 'servers[].metadata', 'servers[].flavor.extra_specs'] });
    await p.call('server-interfaces', 'member', 'compute', 'GET', `/servers/${serverId}/os-interface`);
    await p.call('server-stop', 'member', 'compute', 'POST', `/servers/${serverId}/action`, { body: { 'os-stop': null } });
    p.record('server-shutoff', await p.waitFor('member', 'compute', `/servers/${serverId}`, (b) => b.server.status, ['SHUTOFF'], { headers: MV }),
      { dynamic: ['server.addresses', 'server.metadata', 'server.flavor.extra_specs'], values: ['server.status', 'server.OS-EXT-STS:vm_state', 'server.OS-EXT-STS:power_state', 'server.OS-EXT-STS:task_state'] });
    await p.call('server-stop-again', 'member', 'compute', 'POST', `/servers/${serverId}/action`, { body: { 'os-stop': null }, ...nova('conflictingRequest') });
    await p.call('server-live-migrate-member', 'member', 'compute', 'POST', `/servers/${serverId}/action`,
      { body: { 'os-migrateLive': { host: null, block_migration: 'auto' } }, headers: MV, ...nova('forbidden') });
    p.notApplicable('compute/server-live-migrate', 'the test cloud has one compute host (fake driver), so live and cold migration end in NoValidHost');

    const volume = await p.raw('member', 'volumev3', 'POST', '/volumes', { body: { volume: { size: 1, name: 'conf-attach' } } });
    const volumeId = (volume.body as any).volume.id as string;
    cleanup.push(async () => {
      await p.waitFor('member', 'volumev3', `/volumes/${volumeId}`, (b) => b.volume.status, ['available']).catch(() => undefined);
      await p.raw('member', 'volumev3', 'DELETE', `/volumes/${volumeId}`);
    });
    await p.waitFor('member', 'volumev3', `/volumes/${volumeId}`, (b) => b.volume.status, ['available']);
    await p.call('volume-attach', 'member', 'compute', 'POST', `/servers/${serverId}/os-volume_attachments`, { headers: MV, body: { volumeAttachment: { volumeId } } });
    await p.waitFor('member', 'volumev3', `/volumes/${volumeId}`, (b) => b.volume.status, ['in-use']);
    await p.call('volume-attachments', 'member', 'compute', 'GET', `/servers/${serverId}/os-volume_attachments`, { headers: MV });
    await p.call('volume-detach', 'member', 'compute', 'DELETE', `/servers/${serverId}/os-volume_attachments/${volumeId}`);
    await p.waitFor('member', 'volumev3', `/volumes/${volumeId}`, (b) => b.volume.status, ['available']);

    await p.call('limits', 'member', 'compute', 'GET', '/limits');
    await p.call('services', 'admin', 'compute', 'GET', '/os-services', { headers: MV });
    await p.call('hypervisors-detail', 'admin', 'compute', 'GET', '/os-hypervisors/detail', { headers: MV });
    await p.call('services-member-forbidden', 'member', 'compute', 'GET', '/os-services', nova('forbidden'));
    await p.call('server-not-found', 'member', 'compute', 'GET', '/servers/00000000-0000-4000-8000-000000000000', nova('itemNotFound'));
  } finally {
    for (const step of cleanup) await quietly(step());
  }
}

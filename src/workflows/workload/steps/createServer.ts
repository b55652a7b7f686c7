/**
 * The server in the destination: same name, flavor (mapped), keypair, metadata, description and
 * zone (mapped), its ports in NIC order, booting from the copied root volume (or from the migrated
 * image when the root disk is not copied); then its data volumes are attached one by one in their
 * original order, so the guest sees them under the same device names. A server of this name that
 * already holds this workload's first port is the one a crashed step created: it is adopted.
 * Floating IPs follow: the source's address where the destination can give it, else a new one.
 */
import * as cinder from '../../../executors/openstack/cinder.js';
import * as glance from '../../../executors/openstack/glance.js';
import * as neutron from '../../../executors/openstack/neutron.js';
import * as nova from '../../../executors/openstack/nova.js';
import { waitFor } from '../../../executors/openstack/waitFor.js';
import { attachToHost } from '../cloudOps.js';
import { workloadEvent } from '../events.js';
import { specOf, type WorkloadContext } from './context.js';

async function findOrCreate(ctx: WorkloadContext): Promise<string> {
  const spec = specOf(ctx);
  const c = ctx.ports.destination;
  const state = ctx.state();
  const portIds = spec.ports.map((p) => state.ports[p.index]!.portId);
  const first = portIds[0] ? await neutron.getPort(c, portIds[0]) : undefined;
  if (first?.device_id) return first.device_id;
  const p = spec.server.params;
  const flavor = (await nova.listFlavors(c)).find((f) => f.name === spec.flavor);
  if (!flavor) throw new Error(`flavor ${spec.flavor} does not exist in the destination`);
  const root = spec.disks.find((d) => d.role === 'root');
  const image = spec.bootImage ? (await glance.listImages(c, { name: spec.bootImage })).find((i) => i.name === spec.bootImage) : undefined;
  const server = await nova.createServer(c, {
    name: spec.selection.server,
    flavorRef: flavor.id,
    networks: portIds.map((port) => ({ port })),
    ...(root ? { block_device_mapping_v2: [{ boot_index: 0, uuid: state.disks[root.key]!.destVolumeId, source_type: 'volume', destination_type: 'volume', delete_on_termination: false }] } : { imageRef: image?.id ?? '' }),
    ...(p.key_name ? { key_name: p.key_name } : {}),
    ...(p.metadata && Object.keys(p.metadata).length > 0 ? { metadata: p.metadata } : {}),
    ...(spec.availabilityZone ? { availability_zone: spec.availabilityZone } : {}),
    ...(p.description ? { description: p.description } : {}),
  });
  return server.id;
}

async function floatingIps(ctx: WorkloadContext): Promise<void> {
  const spec = specOf(ctx);
  const c = ctx.ports.destination;
  const mappings = spec.selection.mappings.networks;
  for (const fip of spec.server.params.floating_ips ?? []) {
    const address = fip.params.floating_ip_address ?? undefined;
    if (address && ctx.state().floatingIps.includes(address)) continue;
    const fixed = fip.params.fixed_ip_address;
    const port = spec.ports.find((p) => p.fixedIps.some((f) => f.ipAddress === fixed));
    const portId = port ? ctx.state().ports[port.index]?.portId : undefined;
    const netName = fip.params.floating_network_ref?.name;
    if (!portId || !netName) continue;
    const networkName = mappings[netName] ?? netName;
    const network = (await neutron.listNetworks(c, { name: networkName })).find((n) => n.name === networkName);
    if (!network) throw new Error(`external network ${networkName} for ${spec.selection.server}'s floating IP does not exist in the destination`);
    const already = (await neutron.listFloatingIps(c, { port_id: portId }))[0];
    let created = already;
    let kept = already?.floating_ip_address === address;
    if (!created && address) {
      created = await neutron.createFloatingIp(c, { floating_network_id: network.id, floating_ip_address: address, port_id: portId, ...(fixed ? { fixed_ip_address: fixed } : {}) }).catch(() => undefined);
      kept = created !== undefined;
    }
    created ??= await neutron.createFloatingIp(c, { floating_network_id: network.id, port_id: portId, ...(fixed ? { fixed_ip_address: fixed } : {}) });
    ctx.log(`workload:${spec.selection.server}: floating IP ${kept ? `${created.floating_ip_address} kept` : `${created.floating_ip_address} (was ${address ?? 'none'}: not available in the destination)`}`);
    await ctx.record([workloadEvent('FloatingIpAssigned', { address: created.floating_ip_address, kept, portId })]);
  }
}

export async function createServer(ctx: WorkloadContext): Promise<void> {
  const spec = specOf(ctx);
  const c = ctx.ports.destination;
  const id = await findOrCreate(ctx);
  await waitFor({
    poll: () => nova.getServer(c, id), done: (s) => s.status === 'ACTIVE', failed: (s) => (s.status === 'ERROR' ? `the server is in ERROR: ${JSON.stringify(s.fault ?? {})}` : undefined),
    clock: ctx.clock, signal: ctx.signal, timeoutMs: 900_000, intervalMs: 1000, what: `server ${spec.selection.server} to become ACTIVE in the destination`,
  });
  for (const disk of spec.disks.filter((d) => d.role === 'data')) {
    const volumeId = ctx.state().disks[disk.key]!.destVolumeId!;
    const volume = await cinder.getVolume(c, volumeId);
    if (!volume.attachments.some((a) => a.server_id === id)) await attachToHost(c, id, volumeId, ctx);
  }
  await ctx.record([workloadEvent('DestinationServerCreated', { serverId: id })]);
  await floatingIps(ctx);
}

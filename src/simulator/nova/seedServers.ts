/**
 * Seeds existing servers from OS-Migrate's workloads (openstack.compute.Server with nested
 * ServerPort, ServerVolume and ServerFloatingIP), keeping their exported ids, hosts and status,
 * so the source cloud looks like the export: ports with their MACs and fixed IPs, volumes
 * attached (the boot volume at /dev/vda), floating IPs associated, allocations on the host.
 * Conversion hosts named by the scenario but absent from the export are created too.
 */
import type { SimCloud } from '../core/cloud.js';
import { isoSeconds } from '../core/clock.js';
import { seedVolume } from '../cinder/seed.js';
import { volumes } from '../cinder/store.js';
import { images } from '../glance/api.js';
import { projectByName } from '../keystone/identity.js';
import { byName, createFloatingIp, createPort, networks, subnets } from '../neutron/api.js';
import { ownerOf, type CloudScenario, type ResourceSeed } from '../scenario.js';
import { attachVolumeNow } from './attach.js';
import { PowerState, type Flavor, type Server } from './model.js';
import { flavorResources, selectHost } from './scheduler.js';
import { flavors, servers } from './store.js';

type Json = Record<string, any>;

export function seedServers(c: SimCloud, scenario: CloudScenario): void {
  const seeded = (scenario.resources ?? []).filter((r) => r.type === 'openstack.compute.Server');
  for (const r of seeded) {
    try {
      seedServer(c, scenario, r);
    } catch (err) {
      throw new Error(`scenario server ${String(r.params.name)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  for (const name of scenario.conversionHosts ?? []) {
    if (servers(c).find((s) => s.name === name)) continue;
    seedConversionHost(c, scenario, name);
  }
}

function seedServer(c: SimCloud, scenario: CloudScenario, r: ResourceSeed): void {
  const p = r.params as Json;
  const info = (r._info ?? {}) as Json;
  const projectId = projectByName(c, ownerOf(scenario, r))?.id ?? '';
  const flavor = flavors(c).get(String(info.flavor_id)) ?? flavors(c).find((f) => f.name === p.flavor_ref?.name);
  if (!flavor) throw new Error(`flavor ${String(p.flavor_ref?.name)} is not in the scenario`);
  const image = p.image_ref?.name ? images(c).find((i) => i.name === p.image_ref.name) : undefined;
  const status = String(info.status ?? 'ACTIVE');
  const server = baseServer(c, {
    id: typeof info.id === 'string' ? info.id : c.ids.uuid(),
    name: String(p.name),
    projectId,
    userId: String(info.user_id ?? ''),
    imageId: image?.id ?? '',
    keyName: typeof p.key_name === 'string' ? p.key_name : null,
    metadata: (p.metadata ?? {}) as Record<string, string>,
    securityGroups: (p.security_group_refs ?? []).map((g: Json) => String(g.name)),
    description: typeof p.description === 'string' ? p.description : null,
    stopped: status === 'SHUTOFF',
    createdAt: typeof info.created_at === 'string' ? info.created_at : undefined,
  }, flavor);
  const host = typeof info.hypervisor_hostname === 'string' && c.hosts.get(info.hypervisor_hostname) ? info.hypervisor_hostname : selectHost(c, flavorResources(flavor, !image));
  place(c, server, host);
  for (const port of p.ports ?? []) seedPort(c, server, port as Json);
  for (const vol of p.volumes ?? []) {
    const v = vol as Json;
    const id = typeof v._info?.id === 'string' ? v._info.id : undefined;
    const volumeId = id && volumes(c).has(id) ? id : seedVolume(c, scenario, { ...v, type: 'openstack.network.ServerVolume', project: r.project } as ResourceSeed, id);
    const boot = v._info?.is_bootable === true && !image;
    attachVolumeNow(c, server, volumeId, { device: boot ? '/dev/vda' : `/dev/vd${String.fromCharCode(98 + server.volumes.filter((x) => x.bootIndex !== 0).length)}`, bootIndex: boot ? 0 : null, deleteOnTermination: false, tag: null });
  }
  for (const fip of p.floating_ips ?? []) {
    const f = fip as Json;
    const net = networks(c).find((n) => n.name === f.params?.floating_network_ref?.name && n['router:external']);
    const port = server.portIds.map((id) => id).find(() => true);
    if (!net || !port) continue;
    createFloatingIp(c, projectId, { floating_network_id: net.id, floating_ip_address: f.params?.floating_ip_address, port_id: port, fixed_ip_address: f.params?.fixed_ip_address }, f._info?.id);
  }
}

interface BaseServerInput {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  imageId: string;
  keyName: string | null;
  metadata: Record<string, string>;
  securityGroups: string[];
  description: string | null;
  stopped: boolean;
  createdAt: string | undefined;
}

function baseServer(c: SimCloud, s: BaseServerInput, flavor: Server['flavor']): Server {
  const time = s.createdAt ?? isoSeconds(c.clock.now());
  return servers(c).put({
    id: s.id,
    name: s.name,
    projectId: s.projectId,
    userId: s.userId,
    flavor: structuredClone(flavor),
    imageId: s.imageId,
    keyName: s.keyName,
    metadata: s.metadata,
    securityGroups: s.securityGroups.length ? s.securityGroups : ['default'],
    portIds: [],
    ownedPortIds: [],
    host: null,
    vmState: s.stopped ? 'stopped' : 'active',
    taskState: null,
    powerState: s.stopped ? PowerState.SHUTDOWN : PowerState.RUNNING,
    fault: null,
    availabilityZone: 'nova',
    createdAt: time,
    updatedAt: time,
    launchedAt: time.replace('Z', '.000000'),
    volumes: [],
    description: s.description,
    locked: false,
    tags: [],
    sourceHost: null,
    previousVmState: null,
  });
}

function place(c: SimCloud, server: Server, host: string | undefined): void {
  if (!host) throw new Error('no compute host can hold it');
  server.host = host;
  // Seeded servers are already there: record their usage even past capacity (an overcommitted source).
  try {
    c.hosts.allocate(server.id, host, flavorResources(server.flavor, server.imageId === ''), { projectId: server.projectId, userId: server.userId });
  } catch {
    /* an overfull host stays overfull, as in the exported cloud */
  }
}

function seedPort(c: SimCloud, server: Server, port: Json): void {
  const p = port.params ?? {};
  const net = byName(networks(c).values(), p.network_ref?.name, server.projectId);
  if (!net) throw new Error(`network ${String(p.network_ref?.name)} is not in the scenario`);
  const fixed = (p.fixed_ips_refs ?? []).map((f: Json) => {
    const subnet = byName(subnets(c).values(), f.subnet_ref?.name, server.projectId);
    return { ip_address: f.ip_address, ...(subnet ? { subnet_id: subnet.id } : {}) };
  });
  const created = createPort(
    c,
    server.projectId,
    {
      network_id: net.id,
      device_id: server.id,
      device_owner: String(port._info?.device_owner ?? 'compute:nova'),
      ...(p.mac_address ? { mac_address: p.mac_address } : {}),
      ...(fixed.length ? { fixed_ips: fixed } : {}),
      'binding:host_id': server.host ?? '',
    },
    typeof port._info?.id === 'string' ? port._info.id : undefined,
  );
  server.portIds.push(created.id);
  server.ownedPortIds.push(created.id);
}

/** A conversion host the scenario names but the export lacks: a small server on the project's first network. */
function seedConversionHost(c: SimCloud, scenario: CloudScenario, name: string): void {
  const projectName = scenario.projects.find((p) => p.name !== 'admin')?.name ?? 'admin';
  const projectId = projectByName(c, projectName)?.id ?? '';
  // A fresh destination has no flavors yet: its conversion host gets a private one of the admin's,
  // which the project's members do not see (so it never meets the flavors being migrated).
  const flavor = flavors(c).values().sort((a, b) => b.vcpus - a.vcpus)[0] ?? conversionFlavor(c);
  const net = networks(c).find((n) => n.project_id === projectId && !n['router:external']) ?? networks(c).values()[0];
  if (!flavor || !net) return;
  const image = images(c).values()[0];
  const server = baseServer(c, { id: c.ids.uuid(), name, projectId, userId: '', imageId: image?.id ?? '', keyName: null, metadata: { 'stackshift:role': 'conversion-host' }, securityGroups: [], description: 'conversion host', stopped: false, createdAt: undefined }, flavor);
  place(c, server, selectHost(c, flavorResources(flavor, false)) ?? c.hosts.list()[0]?.name);
  const port = createPort(c, projectId, { network_id: net.id, device_id: server.id, device_owner: 'compute:nova', 'binding:host_id': server.host ?? '' });
  server.portIds.push(port.id);
  server.ownedPortIds.push(port.id);
}

function conversionFlavor(c: SimCloud): Flavor {
  const flavor: Flavor = {
    id: c.ids.uuid(), name: 'stackshift-conversion', vcpus: 2, ram: 4096, disk: 20, ephemeral: 0, swap: 0, rxtxFactor: 1,
    isPublic: false, disabled: false, description: 'conversion hosts', extraSpecs: {}, access: [],
  };
  return flavors(c).put(flavor);
}

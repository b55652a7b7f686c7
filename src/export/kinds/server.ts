/**
 * workloads.yml: each server with what it needs on the other side — ports (network, fixed IPs,
 * MAC), floating IPs, attached volumes (boot volume first), boot image, flavor, keypair,
 * metadata and security groups — and its status and host in _info. user_data is never exported:
 * it often carries passwords, and Nova only returns it to admins anyway.
 */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { Server } from '../../executors/openstack/nova.js';
import type { BuildContext, KindExporter, SnapshotResource } from '../types.js';
import { byId, nameFilter, nameKey, nameOf, owner, sorted } from './util.js';
import { volumeResource } from './volume.js';
import { AUTH } from '../refs.js';

function configDrive(v: unknown): boolean | null {
  if (v === true || v === 'True' || v === 'true') return true;
  return null;
}

function buildServer(s: Server, ctx: BuildContext, idx: ReturnType<typeof indexes>): SnapshotResource {
  const { observed, ref } = ctx;
  const ports = (idx.portsByDevice.get(s.id) ?? []).sort((a, b) => String(a.created_at ?? '').localeCompare(String(b.created_at ?? '')) || a.id.localeCompare(b.id));
  const portIds = new Set(ports.map((p) => p.id));
  const image = s.image ? idx.images.get(s.image.id) : undefined;
  const flavorName = s.flavor.original_name ?? (s.flavor.id ? idx.flavors.get(s.flavor.id)?.name : undefined) ?? s.flavor.id ?? '';
  const groupNames = [...new Set((s.security_groups ?? []).map((g) => g.name))].sort();
  const groups = groupNames.map((n) => idx.groupsByName.get(n));
  const attached = observed.volumes.filter((v) => v.attachments.some((a) => a.server_id === s.id));
  const device = (v: (typeof attached)[number]) => v.attachments.find((a) => a.server_id === s.id)?.device ?? '';
  attached.sort((a, b) => device(a).localeCompare(device(b)) || a.id.localeCompare(b.id));
  return {
    type: RESOURCE_TYPES.server,
    params: {
      availability_zone: s['OS-EXT-AZ:availability_zone'] ?? null,
      config_drive: configDrive(s.config_drive),
      description: s.description ?? null,
      disk_config: s['OS-DCF:diskConfig'] ?? null,
      flavor_ref: { name: flavorName, project_name: null, domain_name: null },
      floating_ips: observed.floatingIps
        .filter((f) => f.port_id && portIds.has(f.port_id))
        .sort((a, b) => a.floating_ip_address.localeCompare(b.floating_ip_address))
        .map((f) => {
          const net = idx.networks.get(f.floating_network_id);
          return {
            type: 'openstack.network.ServerFloatingIP',
            params: {
              description: f.description ?? '',
              dns_domain: f.dns_domain ?? '',
              dns_name: f.dns_name ?? '',
              fixed_ip_address: f.fixed_ip_address,
              floating_ip_address: f.floating_ip_address,
              floating_network_ref: net ? ref(nameOf(net), owner(net)) : null,
              qos_policy_ref: null,
            },
            _info: { id: f.id, port_id: f.port_id, router_id: f.router_id },
          };
        }),
      image_ref: image ? ref(nameOf({ name: image.name, id: image.id }), image.owner) : null,
      key_name: s.key_name ?? null,
      metadata: s.metadata ?? {},
      name: s.name,
      // A network or subnet the export cannot see is written by id as this project's, so validate
      // names it (add it or map it) instead of taking it for another project's shared network.
      ports: ports.map((p) => {
        const net = idx.networks.get(p.network_id);
        return {
          type: 'openstack.network.ServerPort',
          params: {
            binding_profile: p['binding:profile'] ?? {},
            binding_vnic_type: p['binding:vnic_type'] ?? 'normal',
            fixed_ips_refs: p.fixed_ips.map((ip) => {
              const subnet = idx.subnets.get(ip.subnet_id);
              return { ip_address: ip.ip_address, subnet_ref: subnet ? ref(nameOf(subnet), owner(subnet)) : { name: ip.subnet_id, project_name: AUTH, domain_name: AUTH } };
            }),
            mac_address: p.mac_address,
            network_ref: net ? ref(nameOf(net), owner(net)) : { name: p.network_id, project_name: AUTH, domain_name: AUTH },
          },
          _info: { device_id: p.device_id, device_owner: p.device_owner, id: p.id },
          _migration_params: {},
        };
      }),
      scheduler_hints: null,
      security_group_refs: groupNames.map((n, i) => ref(n, groups[i] ? owner(groups[i]!) : observed.projectId)),
      tags: sorted(s.tags),
      user_data: null,
      volumes: attached.map(volumeResource).map(({ _migration_params: _drop, ...v }) => v),
    },
    _info: {
      created_at: s.created ?? null,
      flavor_id: s.flavor.id ?? idx.flavorsByName.get(flavorName)?.id ?? null,
      host: s['OS-EXT-SRV-ATTR:host'] ?? null,
      hypervisor_hostname: s['OS-EXT-SRV-ATTR:hypervisor_hostname'] ?? null,
      id: s.id,
      image_id: s.image ? s.image.id : null,
      launched_at: s['OS-SRV-USG:launched_at'] ?? null,
      project_id: s.tenant_id ?? null,
      security_group_ids: sorted(groups.filter((g) => g !== undefined).map((g) => g!.id)),
      status: s.status,
      updated_at: s.updated ?? null,
      user_id: s.user_id ?? null,
    },
    _migration_params: {
      // No image to boot from (boot-from-volume, or an image since deleted): copy the boot disk.
      boot_disk_copy: !image,
      data_copy: true,
      floating_ip_mode: 'auto',
      port_creation_mode: 'neutron',
    },
  };
}

function indexes(ctx: BuildContext) {
  const o = ctx.observed;
  const portsByDevice = new Map<string, typeof o.ports>();
  for (const p of o.ports) {
    if (!p.device_owner.startsWith('compute:')) continue;
    portsByDevice.set(p.device_id, [...(portsByDevice.get(p.device_id) ?? []), p]);
  }
  const groupsByName = new Map<string, (typeof o.securityGroups)[number]>();
  for (const g of o.securityGroups) if (owner(g) === o.projectId || !groupsByName.has(g.name)) groupsByName.set(g.name, g);
  return {
    portsByDevice, groupsByName,
    networks: byId(o.networks), subnets: byId(o.subnets), images: byId(o.images), flavors: byId(o.flavors),
    flavorsByName: new Map(o.flavors.map((f) => [f.name, f])),
  };
}

export const servers: KindExporter = {
  kind: 'server',
  needs: ['servers', 'ports', 'floatingIps', 'volumes', 'networks', 'subnets', 'images', 'flavors', 'securityGroups'],
  build: (ctx) => {
    const idx = indexes(ctx);
    return ctx.observed.servers.map((s) => buildServer(s, ctx, idx));
  },
  filterName: nameFilter,
  sortKey: nameKey,
};

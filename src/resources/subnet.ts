/**
 * Subnets: by name plus the `stackshift` tag. Neutron cannot change a subnet's cidr, ip_version,
 * network or IPv6 modes in place, so a change there is a replace (delete, then create: its router
 * interfaces are replaced with it). Pools, gateway, DNS, host routes and DHCP update in place.
 */
import type { SubnetParams } from '../desired/model.js';
import { diffFields, hasMarkerTag, mapName, opt, refName, sortedList, str, userTags } from './common.js';
import type { ResourceKindDef, Spec } from './types.js';
import { createNetworkOrSubnet, deleteNetworkOrSubnet, updateNetworkOrSubnet } from '../executors/infra/neutronNetworks.js';
import { neutronList } from '../executors/infra/observe.js';
import { addMarkerTag } from '../executors/infra/neutronCommon.js';

export const subnet: ResourceKindDef = {
  kind: 'subnet',
  order: 1,
  collection: 'subnets',
  observe: (ctx) => neutronList(ctx, '/subnets', 'subnets'),
  projectScoped: true,
  namedById: true,
  executors: { create: createNetworkOrSubnet, update: updateNetworkOrSubnet, adopt: addMarkerTag('subnets'), delete: deleteNetworkOrSubnet },
  fromDesired(resource, ctx) {
    const p = resource.params as SubnetParams;
    const spec: Spec = {
      name: p.name,
      network: mapName(ctx.networks, refName(p.network_ref) ?? ''),
      cidr: p.cidr,
      ip_version: p.ip_version,
      description: p.description ?? '',
      gateway_ip: opt(p.gateway_ip),
      // An empty list means "Neutron's default pool", which is not something to converge to.
      allocation_pools: p.allocation_pools && p.allocation_pools.length > 0 ? sortedList(p.allocation_pools) : undefined,
      dns_nameservers: opt(p.dns_nameservers),
      host_routes: sortedList(opt(p.host_routes)),
      enable_dhcp: opt(p.is_dhcp_enabled),
      ipv6_address_mode: opt(p.ipv6_address_mode),
      ipv6_ra_mode: opt(p.ipv6_ra_mode),
      tags: userTags(p.tags),
    };
    return [{ kind: 'subnet', key: p.name, spec, refs: subnet.dependsOn(spec), file: resource.file, line: resource.line }];
  },
  key: (spec) => String(spec.name),
  dependsOn: (spec) => [{ kind: 'network', key: String(spec.network) }],
  diff: (desired, observed) =>
    diffFields(desired, observed, [
      { field: 'network', inPlace: false },
      { field: 'cidr', inPlace: false },
      { field: 'ip_version', inPlace: false },
      { field: 'ipv6_address_mode', inPlace: false },
      { field: 'ipv6_ra_mode', inPlace: false },
      { field: 'description', inPlace: true },
      { field: 'gateway_ip', inPlace: true },
      { field: 'allocation_pools', inPlace: true },
      { field: 'dns_nameservers', inPlace: true },
      { field: 'host_routes', inPlace: true },
      { field: 'enable_dhcp', inPlace: true },
      { field: 'tags', inPlace: true },
    ]),
  fromObserved(raw, names) {
    const spec: Spec = {
      name: str(raw.name) ?? '',
      network: names.nameOf('network', String(raw.network_id)) ?? String(raw.network_id),
      cidr: raw.cidr,
      ip_version: raw.ip_version,
      description: str(raw.description) ?? '',
      gateway_ip: raw.gateway_ip,
      allocation_pools: sortedList(raw.allocation_pools),
      dns_nameservers: raw.dns_nameservers,
      host_routes: sortedList(raw.host_routes),
      enable_dhcp: raw.enable_dhcp,
      ipv6_address_mode: raw.ipv6_address_mode,
      ipv6_ra_mode: raw.ipv6_ra_mode,
      tags: userTags(raw.tags),
    };
    return [{ kind: 'subnet', key: String(spec.name), id: String(raw.id), spec, refs: subnet.dependsOn(spec), managed: hasMarkerTag(raw.tags) }];
  },
};

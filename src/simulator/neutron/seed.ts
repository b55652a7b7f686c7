/**
 * Seeds Neutron from scenario resources in OS-Migrate form (networks.yml, subnets.yml, routers.yml,
 * router_interfaces.yml, security_groups.yml, security_group_rules.yml), keeping the snapshot ids
 * (`_info.id`) so that the source cloud is the cloud the snapshots were exported from.
 * References (`network_ref`, `subnet_ref`, ...) are resolved by name, the owner's project first.
 */
import type { SimCloud } from '../core/cloud.js';
import { projectByName } from '../keystone/identity.js';
import { ownerOf, type CloudScenario, type ResourceSeed } from '../scenario.js';
import { addInterface, createRouter } from './routers.js';
import { createNetwork } from './networks.js';
import { createPort } from './ports.js';
import { addRule, createSecurityGroup } from './securityGroups.js';
import { createSubnet } from './subnets.js';
import { networks, routers, securityGroups, subnets, neutronQuotaDefaults, type Standard } from './model.js';
import { ApiError } from '../core/errors.js';

type Json = Record<string, unknown>;
const refName = (v: unknown): string | undefined => ((v as Json | null | undefined)?.name as string | undefined) ?? undefined;

/** Finds a record by name: in `projectId` first, then anywhere (shared and external networks). */
export function byName<T extends Standard>(items: T[], name: string | undefined, projectId: string): T | undefined {
  if (name === undefined) return undefined;
  return items.find((i) => i.name === name && i.project_id === projectId) ?? items.find((i) => i.name === name);
}

/** The first defined value among OS-Migrate's and Neutron's spelling of an attribute. */
const pick = (p: Json, ...keys: string[]): unknown => keys.map((k) => p[k]).find((v) => v !== undefined && v !== null);

function defined(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

export function seedNeutron(cloud: SimCloud, scenario: CloudScenario): void {
  for (const [r, n] of Object.entries(neutronQuotaDefaults)) cloud.quotas.setDefault(r, n);
  const all = scenario.resources ?? [];
  const of = (type: string) => all.filter((r) => r.type === type);
  const project = (r: ResourceSeed): string => {
    const name = ownerOf(scenario, r);
    const p = projectByName(cloud, name);
    if (!p) throw new Error(`scenario resource ${r.type} '${String(r.params.name)}' belongs to unknown project '${name}'`);
    return p.id;
  };
  const id = (r: ResourceSeed) => r._info?.id as string | undefined;
  const fail = (r: ResourceSeed, what: string) => new Error(`scenario resource ${r.type} '${String(r.params.name ?? id(r))}': ${what}`);

  for (const r of of('openstack.network.Network')) {
    const p = r.params;
    createNetwork(cloud, project(r), defined({
      name: p.name, description: p.description ?? '', mtu: p.mtu, tags: p.tags,
      admin_state_up: pick(p, 'is_admin_state_up', 'admin_state_up'), shared: pick(p, 'is_shared', 'shared'),
      'router:external': pick(p, 'is_router_external', 'router:external'), port_security_enabled: pick(p, 'is_port_security_enabled', 'port_security_enabled'),
      availability_zone_hints: p.availability_zone_hints, dns_domain: p.dns_domain,
      'provider:network_type': pick(p, 'provider_network_type'), 'provider:physical_network': pick(p, 'provider_physical_network'),
      'provider:segmentation_id': pick(p, 'provider_segmentation_id'),
    }), id(r));
  }
  for (const r of of('openstack.subnet.Subnet')) {
    const p = r.params;
    const projectId = project(r);
    const network = byName(networks(cloud).values(), refName(p.network_ref), projectId);
    if (!network) throw fail(r, `network '${String(refName(p.network_ref))}' is not in the scenario`);
    createSubnet(cloud, projectId, defined({
      name: p.name, description: p.description ?? '', network_id: network.id, cidr: p.cidr, ip_version: p.ip_version,
      gateway_ip: p.gateway_ip, allocation_pools: p.allocation_pools, dns_nameservers: p.dns_nameservers, host_routes: p.host_routes,
      enable_dhcp: pick(p, 'is_dhcp_enabled', 'enable_dhcp'), ipv6_address_mode: p.ipv6_address_mode, ipv6_ra_mode: p.ipv6_ra_mode, tags: p.tags,
    }), id(r));
  }
  for (const r of of('openstack.network.SecurityGroup')) {
    createSecurityGroup(cloud, project(r), defined({ name: r.params.name, description: r.params.description ?? '' }), id(r));
  }
  for (const r of of('openstack.network.SecurityGroupRule')) {
    const p = r.params;
    const projectId = project(r);
    const group = byName(securityGroups(cloud).values(), refName(p.security_group_ref), projectId);
    if (!group) throw fail(r, `security group '${String(refName(p.security_group_ref))}' is not in the scenario`);
    const remote = refName(p.remote_group_ref);
    const remoteGroup = remote === undefined ? undefined : byName(securityGroups(cloud).values(), remote, projectId);
    try {
      addRule(cloud, group, defined({
        direction: p.direction, ethertype: pick(p, 'ether_type', 'ethertype'), protocol: p.protocol, port_range_min: p.port_range_min,
        port_range_max: p.port_range_max, remote_ip_prefix: p.remote_ip_prefix, remote_group_id: remoteGroup?.id, description: p.description ?? '',
      }), id(r));
    } catch (err) {
      // The default egress rules already exist on a new group; a snapshot lists them too.
      if (!(err instanceof ApiError && err.status === 409)) throw err;
    }
  }
  for (const r of of('openstack.network.Router')) {
    const p = r.params;
    const projectId = project(r);
    const gwName = refName((p.external_gateway_refinfo as Json | undefined)?.network_ref);
    const gwNet = gwName === undefined ? undefined : byName(networks(cloud).filter((n) => n['router:external']), gwName, projectId);
    if (gwName !== undefined && !gwNet) throw fail(r, `external network '${gwName}' is not in the scenario`);
    const info = r._info?.external_gateway_info as { external_fixed_ips?: { ip_address: string }[]; enable_snat?: boolean } | undefined;
    const fixed = info?.external_fixed_ips?.map((f) => ({ ip_address: f.ip_address }));
    createRouter(cloud, projectId, defined({
      name: p.name, description: p.description ?? '', tags: p.tags, admin_state_up: pick(p, 'is_admin_state_up'),
      external_gateway_info: gwNet ? defined({ network_id: gwNet.id, enable_snat: info?.enable_snat ?? true, external_fixed_ips: fixed }) : undefined,
    }), id(r));
  }
  for (const r of of('openstack.network.RouterInterface')) {
    const p = r.params;
    const projectId = project(r);
    const router = byName(routers(cloud).values(), refName(p.device_ref), projectId);
    const ref = (p.fixed_ips_refs as { ip_address?: string; subnet_ref?: Json }[] | undefined)?.[0];
    const subnet = byName(subnets(cloud).values(), refName(ref?.subnet_ref), projectId);
    if (!router || !subnet) throw fail(r, `router '${String(refName(p.device_ref))}' or subnet '${String(refName(ref?.subnet_ref))}' is not in the scenario`);
    if (!ref?.ip_address || ref.ip_address === subnet.gateway_ip) addInterface(cloud, router, { subnet_id: subnet.id }, id(r));
    else {
      const port = createPort(cloud, projectId, { network_id: subnet.network_id, fixed_ips: [{ subnet_id: subnet.id, ip_address: ref.ip_address }] }, id(r));
      addInterface(cloud, router, { port_id: port.id });
    }
  }
  for (const r of of('openstack.network.Router')) {
    const routes = r._info?.routes;
    const router = routers(cloud).get(id(r) ?? '') ?? byName(routers(cloud).values(), r.params.name as string, project(r));
    if (router && Array.isArray(routes)) router.routes = routes as typeof router.routes;
  }
}

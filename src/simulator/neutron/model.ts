/**
 * Neutron records, stored in the API's own shape (field names as the v2.0 reference spells them)
 * so that a view is the record itself, filtered by `fields`. Standard attributes (project_id,
 * tenant_id, tags, created_at, updated_at, revision_number) are on every record.
 */
import { isoSeconds } from '../core/clock.js';
import type { SimCloud } from '../core/cloud.js';

export interface Standard {
  id: string;
  name: string;
  description: string;
  tenant_id: string;
  project_id: string;
  tags: string[];
  created_at: string;
  updated_at: string;
  revision_number: number;
}

export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

export interface Network extends Standard {
  admin_state_up: boolean;
  mtu: number;
  status: string;
  subnets: string[];
  shared: boolean;
  'router:external': boolean;
  availability_zone_hints: string[];
  availability_zones: string[];
  ipv4_address_scope: null;
  ipv6_address_scope: null;
  port_security_enabled: boolean;
  is_default: boolean;
  'provider:network_type': string;
  'provider:physical_network': string | null;
  'provider:segmentation_id': number | null;
}

export interface Subnet extends Standard {
  network_id: string;
  ip_version: 4 | 6;
  cidr: string;
  gateway_ip: string | null;
  allocation_pools: { start: string; end: string }[];
  dns_nameservers: string[];
  host_routes: { destination: string; nexthop: string }[];
  enable_dhcp: boolean;
  ipv6_address_mode: string | null;
  ipv6_ra_mode: string | null;
  subnetpool_id: null;
  service_types: string[];
}

export interface Port extends Standard {
  network_id: string;
  admin_state_up: boolean;
  mac_address: string;
  fixed_ips: FixedIp[];
  device_id: string;
  device_owner: string;
  status: string;
  security_groups: string[];
  allowed_address_pairs: { ip_address: string; mac_address: string }[];
  extra_dhcp_opts: unknown[];
  port_security_enabled: boolean;
  'binding:vnic_type': string;
  'binding:host_id': string;
  'binding:profile': Record<string, unknown>;
  'binding:vif_type': string;
  'binding:vif_details': Record<string, unknown>;
}

export interface Router extends Standard {
  admin_state_up: boolean;
  status: string;
  external_gateway_info: { network_id: string; enable_snat: boolean; external_fixed_ips: FixedIp[] } | null;
  routes: { destination: string; nexthop: string }[];
  distributed: boolean;
  ha: boolean;
  availability_zone_hints: string[];
  availability_zones: string[];
  flavor_id: string | null;
}

export interface SecurityGroup extends Standard {
  stateful: boolean;
  shared: boolean;
}

export interface SecurityGroupRule extends Standard {
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  remote_address_group_id: null;
  normalized_cidr: string | null;
  /** Neutron's internal standard-attribute id, visible on rules. */
  standard_attr_id: number;
}

export interface FloatingIp extends Standard {
  floating_network_id: string;
  floating_ip_address: string;
  fixed_ip_address: string | null;
  port_id: string | null;
  router_id: string | null;
  status: string;
  port_details: Record<string, unknown> | null;
}

export const networks = (c: SimCloud) => c.state.collection<Network>('networks');
export const subnets = (c: SimCloud) => c.state.collection<Subnet>('subnets');
export const ports = (c: SimCloud) => c.state.collection<Port>('ports');
export const routers = (c: SimCloud) => c.state.collection<Router>('routers');
export const securityGroups = (c: SimCloud) => c.state.collection<SecurityGroup>('security_groups');
export const securityGroupRules = (c: SimCloud) => c.state.collection<SecurityGroupRule>('security_group_rules');
export const floatingIps = (c: SimCloud) => c.state.collection<FloatingIp>('floatingips');

/** The standard attributes of a new record owned by `projectId`. */
export function standard(cloud: SimCloud, projectId: string, name = '', description = '', id?: string): Standard {
  const now = isoSeconds(cloud.clock.now());
  return {
    id: id ?? cloud.ids.uuid(),
    name,
    description,
    tenant_id: projectId,
    project_id: projectId,
    tags: [],
    created_at: now,
    updated_at: now,
    revision_number: 0,
  };
}

/** Marks a record changed: bumps revision_number and updated_at, as every Neutron update does. */
export function touch(cloud: SimCloud, record: Standard): void {
  record.revision_number++;
  record.updated_at = isoSeconds(cloud.clock.now());
}

/** Neutron's default per-project quotas. */
export const neutronQuotaDefaults: Record<string, number> = {
  network: 100,
  subnet: 100,
  port: 500,
  router: 10,
  floatingip: 50,
  rbac_policy: 10,
  subnetpool: -1,
  security_group: 10,
  security_group_rule: 100,
};

/**
 * Neutron (network v2.0): networks, subnets, routers (+interfaces, routes), ports, security
 * groups and rules, floating IPs, tags. One exported function per call.
 */
import type { OpenStackClient, Query } from './client.js';
import { collection } from './collection.js';

interface Common {
  id: string;
  name: string;
  description?: string;
  project_id?: string;
  tags?: string[];
  created_at?: string;
  updated_at?: string;
  revision_number?: number;
  [field: string]: unknown;
}
export interface Network extends Common {
  status?: string;
  subnets?: string[];
  mtu?: number;
  admin_state_up?: boolean;
  shared?: boolean;
  'router:external'?: boolean;
  port_security_enabled?: boolean;
  availability_zone_hints?: string[];
  availability_zones?: string[];
  'provider:network_type'?: string | null;
  'provider:physical_network'?: string | null;
  'provider:segmentation_id'?: number | null;
  qos_policy_id?: string | null;
}
export interface Subnet extends Common {
  network_id: string;
  cidr: string;
  ip_version: 4 | 6;
  gateway_ip?: string | null;
  allocation_pools?: { start: string; end: string }[];
  dns_nameservers?: string[];
  host_routes?: { destination: string; nexthop: string }[];
  enable_dhcp?: boolean;
  ipv6_address_mode?: string | null;
  ipv6_ra_mode?: string | null;
  service_types?: string[];
  subnetpool_id?: string | null;
  segment_id?: string | null;
}
export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}
export interface Router extends Common {
  status?: string;
  admin_state_up?: boolean;
  external_gateway_info?: { network_id: string; enable_snat?: boolean; external_fixed_ips?: FixedIp[] } | null;
  routes?: { destination: string; nexthop: string }[];
  distributed?: boolean;
  ha?: boolean;
  availability_zone_hints?: string[];
  availability_zones?: string[];
  flavor_id?: string | null;
}
export interface Port extends Common {
  network_id: string;
  device_id: string;
  device_owner: string;
  mac_address: string;
  fixed_ips: FixedIp[];
  status?: string;
  security_groups?: string[];
  'binding:vnic_type'?: string;
  'binding:profile'?: Record<string, unknown>;
}
export interface SecurityGroupRule {
  id: string;
  security_group_id: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  description?: string;
  project_id?: string;
  created_at?: string;
  updated_at?: string;
  revision_number?: number;
}
export interface SecurityGroup extends Common {
  security_group_rules?: SecurityGroupRule[];
  stateful?: boolean;
}
export interface FloatingIp {
  id: string;
  floating_ip_address: string;
  floating_network_id: string;
  fixed_ip_address: string | null;
  port_id: string | null;
  router_id: string | null;
  status?: string;
  description?: string;
  dns_domain?: string;
  dns_name?: string;
  qos_policy_id?: string | null;
  project_id?: string;
  tags?: string[];
  created_at?: string;
  updated_at?: string;
}

const page = { service: 'network' as const, pageSize: 500 };
const networks = collection<Network>({ ...page, path: '/networks', singular: 'network', plural: 'networks' });
const subnets = collection<Subnet>({ ...page, path: '/subnets', singular: 'subnet', plural: 'subnets' });
const routers = collection<Router>({ ...page, path: '/routers', singular: 'router', plural: 'routers' });
const ports = collection<Port>({ ...page, path: '/ports', singular: 'port', plural: 'ports' });
const groups = collection<SecurityGroup>({ ...page, path: '/security-groups', singular: 'security_group', plural: 'security_groups' });
const rules = collection<SecurityGroupRule>({ ...page, path: '/security-group-rules', singular: 'security_group_rule', plural: 'security_group_rules' });
const floatingIps = collection<FloatingIp>({ ...page, path: '/floatingips', singular: 'floatingip', plural: 'floatingips' });

export const listNetworks = networks.list;
export const getNetwork = networks.get;
export const createNetwork = networks.create;
export const updateNetwork = networks.update;
export const deleteNetwork = networks.remove;

export const listSubnets = subnets.list;
export const getSubnet = subnets.get;
export const createSubnet = subnets.create;
export const updateSubnet = subnets.update;
export const deleteSubnet = subnets.remove;

export const listRouters = routers.list;
export const getRouter = routers.get;
export const createRouter = routers.create;
export const updateRouter = routers.update;
export const deleteRouter = routers.remove;

export interface RouterInterfaceResult {
  id: string;
  port_id: string;
  subnet_id: string;
  subnet_ids?: string[];
  network_id?: string;
}
/** Attaches a subnet (its gateway IP) or an existing port to a router. */
export async function addRouterInterface(c: OpenStackClient, routerId: string, by: { subnet_id: string } | { port_id: string }): Promise<RouterInterfaceResult> {
  return (await c.request<RouterInterfaceResult>({ service: 'network', method: 'PUT', path: `/routers/${routerId}/add_router_interface`, body: by })).body;
}
export async function removeRouterInterface(c: OpenStackClient, routerId: string, by: { subnet_id: string } | { port_id: string }): Promise<RouterInterfaceResult> {
  return (await c.request<RouterInterfaceResult>({ service: 'network', method: 'PUT', path: `/routers/${routerId}/remove_router_interface`, body: by })).body;
}
/** Replaces the router's static routes. */
export async function setRouterRoutes(c: OpenStackClient, routerId: string, routes: { destination: string; nexthop: string }[]): Promise<Router> {
  return routers.update(c, routerId, { routes });
}

export const listPorts = ports.list;
export const getPort = ports.get;
export const createPort = ports.create;
export const updatePort = ports.update;
export const deletePort = ports.remove;

export const listSecurityGroups = groups.list;
export const getSecurityGroup = groups.get;
export const createSecurityGroup = groups.create;
export const updateSecurityGroup = groups.update;
export const deleteSecurityGroup = groups.remove;

export const listSecurityGroupRules = rules.list;
export const getSecurityGroupRule = rules.get;
export const createSecurityGroupRule = rules.create;
export const deleteSecurityGroupRule = rules.remove;

export const listFloatingIps = floatingIps.list;
export const getFloatingIp = floatingIps.get;
export const createFloatingIp = floatingIps.create;
export const updateFloatingIp = floatingIps.update;
export const deleteFloatingIp = floatingIps.remove;

export type TaggedCollection = 'networks' | 'subnets' | 'routers' | 'ports' | 'security-groups' | 'floatingips';
/** Replaces every tag of a resource (PUT /{collection}/{id}/tags). */
export async function replaceTags(c: OpenStackClient, kind: TaggedCollection, id: string, tags: string[]): Promise<string[]> {
  return (await c.request<{ tags: string[] }>({ service: 'network', method: 'PUT', path: `/${kind}/${id}/tags`, body: { tags } })).body.tags;
}
export async function addTag(c: OpenStackClient, kind: TaggedCollection, id: string, tag: string): Promise<void> {
  await c.request({ service: 'network', method: 'PUT', path: `/${kind}/${id}/tags/${encodeURIComponent(tag)}` });
}
export type { Query };

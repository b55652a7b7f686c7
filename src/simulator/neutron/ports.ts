/**
 * Ports: fixed IPs allocated from the network's subnets (or checked when given), unique MACs,
 * the project's default security group, device_owner/device_id. Router and floating-IP ports
 * cannot be deleted through this API (409), as in Neutron.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { bodyOf, bool, invalid, isAdmin, listReply, notFound, overQuota, owner, showReply, str } from './common.js';
import { canonicalIp, contains, nextFree, parseCidr, parseIp } from './ipam.js';
import { floatingIps, networks, ports, standard, subnets, touch, type FixedIp, type Port } from './model.js';
import { findNetwork, networkNotFound } from './networks.js';
import { ensureDefaultSecurityGroup } from './securityGroups.js';

const createKeys = ['name', 'description', 'network_id', 'admin_state_up', 'mac_address', 'fixed_ips', 'device_id', 'device_owner', 'tenant_id', 'project_id',
  'security_groups', 'allowed_address_pairs', 'extra_dhcp_opts', 'port_security_enabled', 'tags',
  'binding:vnic_type', 'binding:host_id', 'binding:profile'] as const;
const updateKeys = createKeys.filter((k) => !['network_id', 'tenant_id', 'project_id'].includes(k));

export function portNotFound(id: string): ApiError {
  return notFound('PortNotFound', `Port ${id} could not be found.`);
}

export function findPort(ctx: RequestContext, id: string): Port {
  const p = ports(ctx.cloud).get(id);
  if (!p || !(isAdmin(ctx) || p.project_id === ctx.auth!.projectId)) throw portNotFound(id);
  return p;
}

/**
 * Addresses taken in a subnet: every port's fixed IPs. The gateway is outside the pools, so it is
 * never picked automatically, yet a port may ask for it explicitly (a router port), as in Neutron.
 */
function usedIps(cloud: SimCloud, subnetId: string): Set<string> {
  const used = new Set<string>();
  const networkId = subnets(cloud).get(subnetId)?.network_id;
  for (const p of ports(cloud).where('network_id', networkId)) for (const f of p.fixed_ips) if (f.subnet_id === subnetId) used.add(f.ip_address);
  return used;
}

/** Resolves requested fixed_ips (or picks one free address) on `networkId`. */
export function allocateFixedIps(cloud: SimCloud, networkId: string, requested: unknown, ignorePort?: string): FixedIp[] {
  const netSubnets = subnets(cloud).where('network_id', networkId);
  const exhausted = () => new ApiError(409, `No more IP addresses available on network ${networkId}.`, { type: 'IpAddressGenerationFailure' });
  if (requested === undefined) {
    const first = netSubnets.find((s) => s.ip_version === 4) ?? netSubnets[0];
    if (!first) return [];
    const ip = nextFree(first.ip_version, first.allocation_pools, usedIps(cloud, first.id));
    if (!ip) throw exhausted();
    return [{ subnet_id: first.id, ip_address: ip }];
  }
  if (!Array.isArray(requested)) throw invalid('fixed_ips', `'${JSON.stringify(requested)}' is not a list`);
  const out: FixedIp[] = [];
  for (const r of requested as { subnet_id?: unknown; ip_address?: unknown }[]) {
    const address = typeof r?.ip_address === 'string' ? canonicalIp(r.ip_address) : undefined;
    if (r?.ip_address !== undefined && !address) throw invalid('fixed_ips', `'${String(r.ip_address)}' is not a valid IP address`);
    const subnet = r?.subnet_id !== undefined
      ? netSubnets.find((s) => s.id === r.subnet_id)
      : netSubnets.find((s) => address !== undefined && contains(parseCidr(s.cidr)!, parseIp(address)!.value));
    if (!subnet) {
      if (r?.subnet_id !== undefined) throw new ApiError(400, `Invalid input for operation: Failed to create port on network ${networkId}, because fixed_ips included invalid subnet ${String(r.subnet_id)}.`, { type: 'InvalidInput' });
      throw new ApiError(400, `Invalid input for operation: IP address ${String(r?.ip_address)} is not a valid IP for any of the subnets on the specified network.`, { type: 'InvalidInput' });
    }
    const used = usedIps(cloud, subnet.id);
    if (ignorePort) for (const f of ports(cloud).get(ignorePort)?.fixed_ips ?? []) used.delete(f.ip_address);
    if (address) {
      if (!contains(parseCidr(subnet.cidr)!, parseIp(address)!.value)) {
        throw new ApiError(400, `Invalid input for operation: IP address ${address} is not a valid IP for the specified subnet.`, { type: 'InvalidInput' });
      }
      if (used.has(address) || out.some((f) => f.ip_address === address)) {
        throw new ApiError(409, `IP address ${address} already allocated in subnet ${subnet.id}`, { type: 'IpAddressAlreadyAllocated' });
      }
      out.push({ subnet_id: subnet.id, ip_address: address });
    } else {
      for (const f of out) used.add(f.ip_address);
      const ip = nextFree(subnet.ip_version, subnet.allocation_pools, used);
      if (!ip) throw exhausted();
      out.push({ subnet_id: subnet.id, ip_address: ip });
    }
  }
  return out;
}

/** Creates a port (used by the API, by seeding and by Nova when it boots a server). */
export function createPort(cloud: SimCloud, projectId: string, a: Record<string, unknown>, id?: string): Port {
  const network = networks(cloud).get(String(a.network_id));
  if (!network) throw networkNotFound(String(a.network_id));
  const used = ports(cloud).count('project_id', projectId);
  const owner = str(a.device_owner, 'device_owner');
  if (!owner.startsWith('network:') && !cloud.quotas.allows(projectId, 'port', used)) throw overQuota('port');
  const mac = a.mac_address === undefined ? cloud.ids.mac() : String(a.mac_address).toLowerCase();
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac)) throw invalid('mac_address', `'${String(a.mac_address)}' is not a valid MAC address`);
  if (ports(cloud).where('network_id', network.id).some((p) => p.mac_address === mac)) {
    throw new ApiError(409, `Unable to complete operation for network ${network.id}. The mac address ${mac} is in use.`, { type: 'MacAddressInUse' });
  }
  const security = bool(a.port_security_enabled, 'port_security_enabled', network.port_security_enabled);
  const groups = Array.isArray(a.security_groups)
    ? a.security_groups.map(String)
    : security && !owner.startsWith('network:') ? [ensureDefaultSecurityGroup(cloud, projectId).id] : [];
  const deviceId = str(a.device_id, 'device_id');
  const port: Port = {
    ...standard(cloud, projectId, str(a.name, 'name'), str(a.description, 'description'), id),
    network_id: network.id,
    admin_state_up: bool(a.admin_state_up, 'admin_state_up', true),
    mac_address: mac,
    fixed_ips: allocateFixedIps(cloud, network.id, a.fixed_ips),
    device_id: deviceId,
    device_owner: owner,
    status: deviceId && owner ? 'ACTIVE' : 'DOWN',
    security_groups: groups,
    allowed_address_pairs: Array.isArray(a.allowed_address_pairs) ? (a.allowed_address_pairs as Port['allowed_address_pairs']) : [],
    extra_dhcp_opts: Array.isArray(a.extra_dhcp_opts) ? a.extra_dhcp_opts : [],
    port_security_enabled: security,
    'binding:vnic_type': str(a['binding:vnic_type'], 'binding:vnic_type', 'normal'),
    'binding:host_id': str(a['binding:host_id'], 'binding:host_id'),
    'binding:profile': (a['binding:profile'] as Record<string, unknown> | undefined) ?? {},
    'binding:vif_type': a['binding:host_id'] ? 'ovs' : 'unbound',
    'binding:vif_details': {},
  };
  if (Array.isArray(a.tags)) port.tags = a.tags.map(String);
  return ports(cloud).put(port);
}

/** Binds a port to a server on a host (Nova's port update on boot and on migration). */
export function bindPort(cloud: SimCloud, portId: string, deviceId: string, host: string): Port | undefined {
  const p = ports(cloud).get(portId);
  if (!p) return undefined;
  Object.assign(p, { device_id: deviceId, device_owner: deviceId ? 'compute:nova' : '', 'binding:host_id': host, 'binding:vif_type': host ? 'ovs' : 'unbound', status: deviceId ? 'ACTIVE' : 'DOWN' });
  touch(cloud, p);
  return p;
}

/** Removes a port and detaches any floating IP from it. */
export function deletePort(cloud: SimCloud, id: string): void {
  for (const f of floatingIps(cloud).filter((f) => f.port_id === id)) {
    Object.assign(f, { port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN', port_details: null });
    touch(cloud, f);
  }
  ports(cloud).delete(id);
}

/** Binding details other than vnic_type are admin-only (Neutron policy). */
function view(ctx: RequestContext, p: Port): Record<string, unknown> {
  const out: Record<string, unknown> = { ...p };
  if (!isAdmin(ctx)) for (const k of ['binding:host_id', 'binding:profile', 'binding:vif_type', 'binding:vif_details']) delete out[k];
  return out;
}

export function portRoutes(t: RouteTable): void {
  t.get('/v2.0/ports', (ctx) => listReply(ctx, 'ports', (isAdmin(ctx) ? ports(ctx.cloud).values() : ports(ctx.cloud).where('project_id', ctx.auth!.projectId)), (p) => view(ctx, p)));
  t.get('/v2.0/ports/{id}', (ctx) => showReply(ctx, 'port', view(ctx, findPort(ctx, ctx.params.id!))));
  t.post('/v2.0/ports', (ctx) => {
    const a = bodyOf(ctx, 'port', createKeys);
    findNetwork(ctx, String(a.network_id));
    return showReply(ctx, 'port', view(ctx, createPort(ctx.cloud, owner(ctx, a), a)), 201);
  });
  t.put('/v2.0/ports/{id}', (ctx) => {
    const p = findPort(ctx, ctx.params.id!);
    const a = bodyOf(ctx, 'port', updateKeys);
    if (a.fixed_ips !== undefined) p.fixed_ips = allocateFixedIps(ctx.cloud, p.network_id, a.fixed_ips, p.id);
    for (const key of ['name', 'description', 'device_id', 'device_owner', 'binding:vnic_type', 'binding:host_id'] as const) {
      if (a[key] !== undefined) p[key] = str(a[key], key);
    }
    if (a.admin_state_up !== undefined) p.admin_state_up = bool(a.admin_state_up, 'admin_state_up', true);
    if (a.port_security_enabled !== undefined) p.port_security_enabled = bool(a.port_security_enabled, 'port_security_enabled', true);
    if (a.security_groups !== undefined) p.security_groups = Array.isArray(a.security_groups) ? a.security_groups.map(String) : [];
    if (a.allowed_address_pairs !== undefined) p.allowed_address_pairs = a.allowed_address_pairs as Port['allowed_address_pairs'];
    if (a['binding:profile'] !== undefined) p['binding:profile'] = a['binding:profile'] as Record<string, unknown>;
    if (a.mac_address !== undefined) p.mac_address = String(a.mac_address).toLowerCase();
    p.status = p.device_id && p.device_owner ? 'ACTIVE' : 'DOWN';
    p['binding:vif_type'] = p['binding:host_id'] ? 'ovs' : 'unbound';
    touch(ctx.cloud, p);
    return showReply(ctx, 'port', view(ctx, p));
  });
  t.delete('/v2.0/ports/{id}', (ctx) => {
    const p = findPort(ctx, ctx.params.id!);
    if (['network:router_interface', 'network:router_gateway', 'network:floatingip'].includes(p.device_owner)) {
      throw new ApiError(409, `Port ${p.id} cannot be deleted directly via the port API: has device owner ${p.device_owner}.`, { type: 'L3PortInUse' });
    }
    deletePort(ctx.cloud, p.id);
    return { status: 204 };
  });
}

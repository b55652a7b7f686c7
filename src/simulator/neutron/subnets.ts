/**
 * Subnets: CIDR validation, no overlap with another subnet of the same network, default gateway
 * and allocation pools, dns_nameservers, host_routes; 409 SubnetInUse while ports hold its IPs.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { bodyOf, bool, invalid, isAdmin, listReply, notFound, overQuota, owner, showReply, str } from './common.js';
import { canonicalIp, contains, defaultGateway, defaultPools, formatCidr, overlaps, parseCidr, parseIp } from './ipam.js';
import { networks, ports, standard, subnets, touch, type Subnet } from './model.js';
import { findNetwork, networkNotFound } from './networks.js';

const createKeys = ['name', 'description', 'network_id', 'ip_version', 'cidr', 'gateway_ip', 'allocation_pools', 'dns_nameservers', 'host_routes',
  'enable_dhcp', 'ipv6_address_mode', 'ipv6_ra_mode', 'tenant_id', 'project_id', 'service_types', 'tags', 'subnetpool_id', 'segment_id'] as const;
const updateKeys = ['name', 'description', 'gateway_ip', 'allocation_pools', 'dns_nameservers', 'host_routes', 'enable_dhcp', 'service_types'] as const;

export function subnetNotFound(id: string): ApiError {
  return notFound('SubnetNotFound', `Subnet ${id} could not be found.`);
}

export function findSubnet(ctx: RequestContext, id: string): Subnet {
  const s = subnets(ctx.cloud).get(id);
  const n = s && networks(ctx.cloud).get(s.network_id);
  if (!s || !n || !(isAdmin(ctx) || s.project_id === ctx.auth!.projectId || n.shared || n['router:external'])) throw subnetNotFound(id);
  return s;
}

function routesOf(v: unknown): { destination: string; nexthop: string }[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalid('host_routes', `'${JSON.stringify(v)}' is not a list`);
  return v.map((r: { destination?: unknown; nexthop?: unknown }) => {
    if (typeof r?.destination !== 'string' || !parseCidr(r.destination) || typeof r.nexthop !== 'string' || !parseIp(r.nexthop)) {
      throw invalid('host_routes', `'${JSON.stringify(r)}' is not a valid route`);
    }
    return { destination: r.destination, nexthop: r.nexthop };
  });
}

function poolsOf(v: unknown, cidr: ReturnType<typeof parseCidr> & object, gateway: string | null): { start: string; end: string }[] {
  if (v === undefined || v === null) return defaultPools(cidr, gateway);
  if (!Array.isArray(v)) throw invalid('allocation_pools', `'${JSON.stringify(v)}' is not a list`);
  return v.map((p: { start?: unknown; end?: unknown }) => {
    const start = typeof p?.start === 'string' ? parseIp(p.start) : undefined;
    const end = typeof p?.end === 'string' ? parseIp(p.end) : undefined;
    if (!start || !end || start.value > end.value || !contains(cidr, start.value) || !contains(cidr, end.value)) {
      throw new ApiError(400, `The allocation pool ${String(p?.start)}-${String(p?.end)} spans beyond the subnet cidr ${formatCidr(cidr)}.`, { type: 'OutOfBoundsAllocationPool' });
    }
    return { start: canonicalIp(p.start as string)!, end: canonicalIp(p.end as string)! };
  });
}

export function createSubnet(cloud: SimCloud, projectId: string, a: Record<string, unknown>, id?: string): Subnet {
  const network = networks(cloud).get(String(a.network_id));
  if (!network) throw networkNotFound(String(a.network_id));
  if (typeof a.cidr !== 'string') throw invalid('cidr', "'cidr' is required");
  const cidr = parseCidr(a.cidr);
  if (!cidr) throw new ApiError(400, `Invalid input for operation: ${a.cidr} is not in a CIDR format.`, { type: 'InvalidInput' });
  const version = Number(a.ip_version ?? cidr.version);
  if (version !== cidr.version) throw invalid('ip_version', `ip_version ${version} does not match cidr ${a.cidr}`);
  const clash = subnets(cloud).where('network_id', network.id).find((s) => overlaps(parseCidr(s.cidr)!, cidr));
  if (clash) {
    throw new ApiError(400, `Invalid input for operation: Requested subnet with cidr: ${formatCidr(cidr)} for network: ${network.id} overlaps with another subnet.`, { type: 'InvalidInput' });
  }
  const used = subnets(cloud).count('project_id', projectId);
  if (!cloud.quotas.allows(projectId, 'subnet', used)) throw overQuota('subnet');
  let gateway: string | null = a.gateway_ip === undefined ? defaultGateway(cidr) : (a.gateway_ip as string | null);
  if (gateway !== null) {
    const gw = parseIp(String(gateway));
    if (!gw || gw.version !== cidr.version) throw invalid('gateway_ip', `'${String(gateway)}' is not a valid IP address`);
    gateway = canonicalIp(String(gateway))!;
  }
  const subnet: Subnet = {
    ...standard(cloud, projectId, str(a.name, 'name'), str(a.description, 'description'), id),
    network_id: network.id,
    ip_version: cidr.version,
    cidr: formatCidr(cidr),
    gateway_ip: gateway,
    allocation_pools: poolsOf(a.allocation_pools, cidr, gateway),
    dns_nameservers: Array.isArray(a.dns_nameservers) ? a.dns_nameservers.map(String) : [],
    host_routes: routesOf(a.host_routes),
    enable_dhcp: bool(a.enable_dhcp, 'enable_dhcp', true),
    ipv6_address_mode: (a.ipv6_address_mode as string | null | undefined) ?? null,
    ipv6_ra_mode: (a.ipv6_ra_mode as string | null | undefined) ?? null,
    subnetpool_id: null,
    service_types: Array.isArray(a.service_types) ? a.service_types.map(String) : [],
  };
  if (Array.isArray(a.tags)) subnet.tags = a.tags.map(String);
  subnets(cloud).put(subnet);
  network.subnets.push(subnet.id);
  touch(cloud, network);
  return subnet;
}

export function subnetRoutes(t: RouteTable): void {
  t.get('/v2.0/subnets', (ctx) =>
    listReply(ctx, 'subnets', subnets(ctx.cloud).values().filter((s) => {
      const n = networks(ctx.cloud).get(s.network_id);
      return isAdmin(ctx) || s.project_id === ctx.auth!.projectId || Boolean(n?.shared || n?.['router:external']);
    }), (s) => ({ ...s })),
  );
  t.get('/v2.0/subnets/{id}', (ctx) => showReply(ctx, 'subnet', { ...findSubnet(ctx, ctx.params.id!) }));
  t.post('/v2.0/subnets', (ctx) => {
    const a = bodyOf(ctx, 'subnet', createKeys);
    const network = findNetwork(ctx, String(a.network_id));
    if (network.project_id !== ctx.auth!.projectId && !isAdmin(ctx) && !network.shared) throw networkNotFound(network.id);
    return showReply(ctx, 'subnet', { ...createSubnet(ctx.cloud, owner(ctx, a), a) }, 201);
  });
  t.put('/v2.0/subnets/{id}', (ctx) => {
    const s = findSubnet(ctx, ctx.params.id!);
    const a = bodyOf(ctx, 'subnet', updateKeys);
    const cidr = parseCidr(s.cidr)!;
    if (a.name !== undefined) s.name = str(a.name, 'name');
    if (a.description !== undefined) s.description = str(a.description, 'description');
    if (a.gateway_ip !== undefined) s.gateway_ip = a.gateway_ip === null ? null : canonicalIp(String(a.gateway_ip)) ?? null;
    if (a.allocation_pools !== undefined) s.allocation_pools = poolsOf(a.allocation_pools, cidr, s.gateway_ip);
    if (a.dns_nameservers !== undefined) s.dns_nameservers = Array.isArray(a.dns_nameservers) ? a.dns_nameservers.map(String) : [];
    if (a.host_routes !== undefined) s.host_routes = routesOf(a.host_routes);
    if (a.enable_dhcp !== undefined) s.enable_dhcp = bool(a.enable_dhcp, 'enable_dhcp', true);
    touch(ctx.cloud, s);
    return showReply(ctx, 'subnet', { ...s });
  });
  t.delete('/v2.0/subnets/{id}', (ctx) => {
    const s = findSubnet(ctx, ctx.params.id!);
    if (s.project_id !== ctx.auth!.projectId && !isAdmin(ctx)) throw subnetNotFound(s.id);
    if (ports(ctx.cloud).find((p) => p.device_owner !== 'network:dhcp' && p.fixed_ips.some((f) => f.subnet_id === s.id))) {
      throw new ApiError(409, `Unable to complete operation on subnet ${s.id}: One or more ports have an IP allocation from this subnet.`, { type: 'SubnetInUse' });
    }
    subnets(ctx.cloud).delete(s.id);
    const n = networks(ctx.cloud).get(s.network_id);
    if (n) {
      n.subnets = n.subnets.filter((id) => id !== s.id);
      touch(ctx.cloud, n);
    }
    return { status: 204 };
  });
}

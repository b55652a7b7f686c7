/** Networks: create/list/show/update/delete; 409 NetworkInUse while ports other than DHCP remain. */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { bodyOf, bool, invalid, isAdmin, listReply, notFound, overQuota, owner, showReply, str } from './common.js';
import { networks, ports, standard, subnets, touch, type Network } from './model.js';
import { ensureDefaultSecurityGroup } from './securityGroups.js';

const createKeys = ['name', 'description', 'admin_state_up', 'mtu', 'shared', 'router:external', 'tenant_id', 'project_id', 'port_security_enabled',
  'availability_zone_hints', 'is_default', 'provider:network_type', 'provider:physical_network', 'provider:segmentation_id', 'tags'] as const;
const updateKeys = createKeys.filter((k) => k !== 'tenant_id' && k !== 'project_id');

export function networkNotFound(id: string): ApiError {
  return notFound('NetworkNotFound', `Network ${id} could not be found.`);
}

/** Who may see a network: its project, admins, and everyone for shared or external networks. */
export function canSeeNetwork(ctx: RequestContext, n: Network): boolean {
  return isAdmin(ctx) || n.project_id === ctx.auth!.projectId || n.shared || n['router:external'];
}

export function findNetwork(ctx: RequestContext, id: string): Network {
  const n = networks(ctx.cloud).get(id);
  if (!n || !canSeeNetwork(ctx, n)) throw networkNotFound(id);
  return n;
}

export function createNetwork(cloud: SimCloud, projectId: string, a: Record<string, unknown>, id?: string): Network {
  const used = networks(cloud).count('project_id', projectId);
  if (!cloud.quotas.allows(projectId, 'network', used)) throw overQuota('network');
  const mtu = a.mtu === undefined ? 1450 : Number(a.mtu);
  if (!Number.isInteger(mtu) || mtu < 68) throw invalid('mtu', `'${String(a.mtu)}' is not a valid MTU`);
  const external = bool(a['router:external'], 'router:external', false);
  const network: Network = {
    ...standard(cloud, projectId, str(a.name, 'name'), str(a.description, 'description'), id),
    admin_state_up: bool(a.admin_state_up, 'admin_state_up', true),
    mtu,
    status: 'ACTIVE',
    subnets: [],
    shared: bool(a.shared, 'shared', false),
    'router:external': external,
    availability_zone_hints: Array.isArray(a.availability_zone_hints) ? a.availability_zone_hints.map(String) : [],
    availability_zones: [],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    port_security_enabled: bool(a.port_security_enabled, 'port_security_enabled', true),
    is_default: bool(a.is_default, 'is_default', false),
    'provider:network_type': (a['provider:network_type'] as string | undefined) ?? (external ? 'flat' : 'vxlan'),
    'provider:physical_network': (a['provider:physical_network'] as string | undefined) ?? (external ? 'public' : null),
    'provider:segmentation_id': (a['provider:segmentation_id'] as number | undefined) ?? (external ? null : 1000 + networks(cloud).size),
  };
  if (Array.isArray(a.tags)) network.tags = a.tags.map(String);
  return networks(cloud).put(network);
}

/**
 * Provider attributes are admin-only, as Neutron's policy hides them; is_default shows on external
 * networks (and in a create reply), as the recorded real cloud does.
 */
function view(ctx: RequestContext, n: Network, created = false): Record<string, unknown> {
  const out: Record<string, unknown> = { ...n };
  if (!isAdmin(ctx)) for (const k of ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id']) delete out[k];
  if (!created && !n['router:external']) delete out.is_default;
  return out;
}

export function networkRoutes(t: RouteTable): void {
  t.get('/v2.0/networks', (ctx) => {
    ensureDefaultSecurityGroup(ctx.cloud, ctx.auth!.projectId);
    return listReply(ctx, 'networks', networks(ctx.cloud).filter((n) => canSeeNetwork(ctx, n)), (n) => view(ctx, n));
  });
  t.get('/v2.0/networks/{id}', (ctx) => showReply(ctx, 'network', view(ctx, findNetwork(ctx, ctx.params.id!))));
  t.post('/v2.0/networks', (ctx) => {
    const a = bodyOf(ctx, 'network', createKeys);
    if (a['router:external'] === true && !isAdmin(ctx)) {
      throw new ApiError(403, "(rule:create_network and rule:create_network:router:external) is disallowed by policy", { type: 'PolicyNotAuthorized' });
    }
    const projectId = owner(ctx, a);
    ensureDefaultSecurityGroup(ctx.cloud, projectId);
    return showReply(ctx, 'network', view(ctx, createNetwork(ctx.cloud, projectId, a), true), 201);
  });
  t.put('/v2.0/networks/{id}', (ctx) => {
    const n = findNetwork(ctx, ctx.params.id!);
    if (n.project_id !== ctx.auth!.projectId && !isAdmin(ctx)) throw networkNotFound(n.id);
    const a = bodyOf(ctx, 'network', updateKeys);
    if (a.name !== undefined) n.name = str(a.name, 'name');
    if (a.description !== undefined) n.description = str(a.description, 'description');
    if (a.admin_state_up !== undefined) n.admin_state_up = bool(a.admin_state_up, 'admin_state_up', true);
    if (a.shared !== undefined) n.shared = bool(a.shared, 'shared', false);
    if (a.mtu !== undefined) n.mtu = Number(a.mtu);
    if (a.port_security_enabled !== undefined) n.port_security_enabled = bool(a.port_security_enabled, 'port_security_enabled', true);
    if (a['router:external'] !== undefined) n['router:external'] = bool(a['router:external'], 'router:external', false);
    touch(ctx.cloud, n);
    return showReply(ctx, 'network', view(ctx, n));
  });
  t.delete('/v2.0/networks/{id}', (ctx) => {
    const n = findNetwork(ctx, ctx.params.id!);
    if (n.project_id !== ctx.auth!.projectId && !isAdmin(ctx)) throw networkNotFound(n.id);
    const busy = ports(ctx.cloud).where('network_id', n.id).filter((p) => p.device_owner !== 'network:dhcp');
    if (busy.length > 0) {
      const ids = busy.map((p) => p.id).join(',');
      throw new ApiError(409, `Unable to complete operation on network ${n.id}. There are one or more ports still in use on the network, id for these ports is: ${ids}.`, { type: 'NetworkInUse' });
    }
    for (const s of subnets(ctx.cloud).where('network_id', n.id)) subnets(ctx.cloud).delete(s.id);
    networks(ctx.cloud).delete(n.id);
    return { status: 204 };
  });
}

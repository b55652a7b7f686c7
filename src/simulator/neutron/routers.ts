/**
 * Routers: external gateway (on a router:external network, with a gateway port), static routes
 * (next hop must be on an attached subnet), add/remove_router_interface by subnet_id or port_id,
 * and 409 RouterInUse when deleting a router that still has interfaces.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { bodyOf, bool, isAdmin, listReply, notFound, overQuota, owner, showReply, str } from './common.js';
import { contains, overlaps, parseCidr, parseIp } from './ipam.js';
import { networks, ports, routers, standard, subnets, touch, type Port, type Router } from './model.js';
import { networkNotFound } from './networks.js';
import { createPort, deletePort, findPort, portNotFound } from './ports.js';
import { findSubnet } from './subnets.js';

const createKeys = ['name', 'description', 'admin_state_up', 'external_gateway_info', 'distributed', 'ha', 'availability_zone_hints', 'tenant_id', 'project_id', 'tags', 'flavor_id'] as const;
const updateKeys = ['name', 'description', 'admin_state_up', 'external_gateway_info', 'routes', 'distributed', 'ha'] as const;
const badRouter = (msg: string) => new ApiError(400, `Bad router request: ${msg}.`, { type: 'BadRequest' });

export const routerNotFound = (id: string) => notFound('RouterNotFound', `Router ${id} could not be found.`);

export function findRouter(ctx: RequestContext, id: string): Router {
  const r = routers(ctx.cloud).get(id);
  if (!r || !(isAdmin(ctx) || r.project_id === ctx.auth!.projectId)) throw routerNotFound(id);
  return r;
}

export const interfacesOf = (cloud: SimCloud, routerId: string): Port[] =>
  ports(cloud).filter((p) => p.device_id === routerId && p.device_owner === 'network:router_interface');

/** Sets (or with null clears) the gateway; the gateway port belongs to no project, as in Neutron. */
export function setGateway(cloud: SimCloud, router: Router, info: unknown): void {
  for (const p of ports(cloud).filter((p) => p.device_id === router.id && p.device_owner === 'network:router_gateway')) deletePort(cloud, p.id);
  router.external_gateway_info = null;
  if (info === null || info === undefined) return;
  const g = info as { network_id?: string; enable_snat?: boolean; external_fixed_ips?: unknown };
  const network = networks(cloud).get(String(g.network_id));
  if (!network) throw networkNotFound(String(g.network_id));
  if (!network['router:external']) throw badRouter(`Network ${network.id} is not an external network`);
  const port = createPort(cloud, '', { network_id: network.id, device_id: router.id, device_owner: 'network:router_gateway', fixed_ips: g.external_fixed_ips });
  router.external_gateway_info = { network_id: network.id, enable_snat: g.enable_snat ?? true, external_fixed_ips: port.fixed_ips.map((f) => ({ ...f })) };
}

/**
 * Neutron's default policy lets only admins choose the gateway's addresses or its SNAT flag
 * (create_router / update_router:external_gateway_info:external_fixed_ips and :enable_snat); a
 * member may only name the network. The key's presence is what the policy checks.
 */
function checkGatewayPolicy(ctx: RequestContext, action: 'create' | 'update', info: unknown): void {
  if (isAdmin(ctx) || info === null || typeof info !== 'object') return;
  for (const key of ['external_fixed_ips', 'enable_snat']) {
    if (key in info) {
      throw new ApiError(403, `(rule:${action}_router and (rule:${action}_router:external_gateway_info and rule:${action}_router:external_gateway_info:${key})) is disallowed by policy`, { type: 'PolicyNotAuthorized' });
    }
  }
}

export function createRouter(cloud: SimCloud, projectId: string, a: Record<string, unknown>, id?: string): Router {
  const used = routers(cloud).count('project_id', projectId);
  if (!cloud.quotas.allows(projectId, 'router', used)) throw overQuota('router');
  const router: Router = {
    ...standard(cloud, projectId, str(a.name, 'name'), str(a.description, 'description'), id),
    admin_state_up: bool(a.admin_state_up, 'admin_state_up', true),
    status: 'ACTIVE',
    external_gateway_info: null,
    routes: [],
    distributed: bool(a.distributed, 'distributed', false),
    ha: bool(a.ha, 'ha', false),
    availability_zone_hints: Array.isArray(a.availability_zone_hints) ? a.availability_zone_hints.map(String) : [],
    availability_zones: [],
    flavor_id: (a.flavor_id as string | null | undefined) ?? null,
  };
  if (Array.isArray(a.tags)) router.tags = a.tags.map(String);
  setGateway(cloud, router, a.external_gateway_info);
  return routers(cloud).put(router);
}

/** Attaches a subnet (on its gateway IP) or an unused port; returns Neutron's interface info. */
export function addInterface(cloud: SimCloud, router: Router, spec: { subnet_id?: string; port_id?: string }, portId?: string) {
  let port: Port;
  const attached = interfacesOf(cloud, router.id).flatMap((p) => p.fixed_ips.map((f) => subnets(cloud).get(f.subnet_id))).filter((s) => s !== undefined);
  const checkOverlap = (subnetId: string) => {
    const s = subnets(cloud).get(subnetId)!;
    if (attached.some((a) => a.id === s.id)) throw badRouter(`Router already has a port on subnet ${s.id}`);
    const clash = attached.find((a) => overlaps(parseCidr(a.cidr)!, parseCidr(s.cidr)!));
    if (clash) throw badRouter(`Cidr ${s.cidr} of subnet ${s.id} overlaps with cidr ${clash.cidr} of subnet ${clash.id}`);
  };
  if (spec.port_id !== undefined) {
    const p = ports(cloud).get(spec.port_id);
    if (!p) throw portNotFound(spec.port_id);
    if (p.device_id) {
      throw new ApiError(409, `Unable to complete operation on port ${p.id} for network ${p.network_id}. Port already has an attached device ${p.device_id}.`, { type: 'PortInUse' });
    }
    if (p.fixed_ips.length === 0) throw badRouter(`Router port must have at least one fixed IP`);
    for (const f of p.fixed_ips) checkOverlap(f.subnet_id);
    Object.assign(p, { device_id: router.id, device_owner: 'network:router_interface', status: 'ACTIVE' });
    touch(cloud, p);
    port = p;
  } else if (spec.subnet_id !== undefined) {
    const s = subnets(cloud).get(spec.subnet_id);
    if (!s) throw notFound('SubnetNotFound', `Subnet ${spec.subnet_id} could not be found.`);
    if (!s.gateway_ip) throw badRouter('Subnet for router interface must have a gateway IP');
    checkOverlap(s.id);
    port = createPort(cloud, router.project_id, { network_id: s.network_id, device_id: router.id, device_owner: 'network:router_interface', fixed_ips: [] }, portId);
    port.fixed_ips = [{ subnet_id: s.id, ip_address: s.gateway_ip }];
  } else {
    throw badRouter('Either subnet_id or port_id must be specified');
  }
  touch(cloud, router);
  return interfaceInfo(router, port);
}

function interfaceInfo(router: Router, port: Port) {
  return {
    id: router.id,
    tenant_id: router.project_id,
    port_id: port.id,
    network_id: port.network_id,
    subnet_id: port.fixed_ips[0]?.subnet_id ?? '',
    subnet_ids: port.fixed_ips.map((f) => f.subnet_id),
  };
}

function removeInterface(ctx: RequestContext, router: Router) {
  const spec = (ctx.body ?? {}) as { subnet_id?: string; port_id?: string };
  const attached = interfacesOf(ctx.cloud, router.id);
  let port: Port | undefined;
  if (spec.port_id !== undefined) {
    port = attached.find((p) => p.id === spec.port_id);
    if (!port) throw notFound('RouterInterfaceNotFound', `Router ${router.id} does not have an interface with id ${spec.port_id}`);
  } else if (spec.subnet_id !== undefined) {
    findSubnet(ctx, spec.subnet_id);
    port = attached.find((p) => p.fixed_ips.some((f) => f.subnet_id === spec.subnet_id));
    if (!port) throw notFound('RouterInterfaceNotFoundForSubnet', `Router ${router.id} has no interface on subnet ${spec.subnet_id}`);
  } else throw badRouter('Either subnet_id or port_id must be specified');
  const info = interfaceInfo(router, port);
  deletePort(ctx.cloud, port.id);
  touch(ctx.cloud, router);
  return { status: 200, body: info };
}

function setRoutes(cloud: SimCloud, router: Router, routes: unknown): void {
  if (!Array.isArray(routes)) throw new ApiError(400, `Invalid input for routes. Reason: '${JSON.stringify(routes)}' is not a list.`, { type: 'HTTPBadRequest' });
  const cidrs = interfacesOf(cloud, router.id).flatMap((p) => p.fixed_ips.map((f) => subnets(cloud).get(f.subnet_id)?.cidr)).filter((c): c is string => !!c);
  router.routes = routes.map((r: { destination?: unknown; nexthop?: unknown }) => {
    const hop = typeof r?.nexthop === 'string' ? parseIp(r.nexthop) : undefined;
    if (typeof r?.destination !== 'string' || !parseCidr(r.destination) || !hop) {
      throw new ApiError(400, `Invalid input for routes. Reason: '${JSON.stringify(r)}' is not a valid route.`, { type: 'HTTPBadRequest' });
    }
    if (!cidrs.some((c) => contains(parseCidr(c)!, hop.value))) {
      throw new ApiError(400, `Invalid format for routes: ${JSON.stringify(r)}, the nexthop is not connected with router`, { type: 'InvalidRoutes' });
    }
    return { destination: r.destination, nexthop: r.nexthop as string };
  });
}

/** distributed and ha are admin-only attributes (Neutron policy). */
function view(ctx: RequestContext, r: Router): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  if (!isAdmin(ctx)) {
    delete out.distributed;
    delete out.ha;
  }
  return out;
}

export function routerRoutes(t: RouteTable): void {
  t.get('/v2.0/routers', (ctx) => listReply(ctx, 'routers', (isAdmin(ctx) ? routers(ctx.cloud).values() : routers(ctx.cloud).where('project_id', ctx.auth!.projectId)), (r) => view(ctx, r)));
  t.get('/v2.0/routers/{id}', (ctx) => showReply(ctx, 'router', view(ctx, findRouter(ctx, ctx.params.id!))));
  t.post('/v2.0/routers', (ctx) => {
    const a = bodyOf(ctx, 'router', createKeys);
    checkGatewayPolicy(ctx, 'create', a.external_gateway_info);
    return showReply(ctx, 'router', view(ctx, createRouter(ctx.cloud, owner(ctx, a), a)), 201);
  });
  t.put('/v2.0/routers/{id}', (ctx) => {
    const r = findRouter(ctx, ctx.params.id!);
    const a = bodyOf(ctx, 'router', updateKeys);
    checkGatewayPolicy(ctx, 'update', a.external_gateway_info);
    if (a.name !== undefined) r.name = str(a.name, 'name');
    if (a.description !== undefined) r.description = str(a.description, 'description');
    if (a.admin_state_up !== undefined) r.admin_state_up = bool(a.admin_state_up, 'admin_state_up', true);
    if (a.external_gateway_info !== undefined) setGateway(ctx.cloud, r, a.external_gateway_info);
    if (a.routes !== undefined) setRoutes(ctx.cloud, r, a.routes);
    touch(ctx.cloud, r);
    return showReply(ctx, 'router', view(ctx, r));
  });
  t.put('/v2.0/routers/{id}/add_router_interface', (ctx) => {
    const r = findRouter(ctx, ctx.params.id!);
    const spec = (ctx.body ?? {}) as { subnet_id?: string; port_id?: string };
    if (spec.subnet_id !== undefined) findSubnet(ctx, spec.subnet_id);
    if (spec.port_id !== undefined) findPort(ctx, spec.port_id);
    return { status: 200, body: addInterface(ctx.cloud, r, spec) };
  });
  t.put('/v2.0/routers/{id}/remove_router_interface', (ctx) => removeInterface(ctx, findRouter(ctx, ctx.params.id!)));
  t.delete('/v2.0/routers/{id}', (ctx) => {
    const r = findRouter(ctx, ctx.params.id!);
    if (interfacesOf(ctx.cloud, r.id).length > 0) throw new ApiError(409, `Router ${r.id} still has ports`, { type: 'RouterInUse' });
    setGateway(ctx.cloud, r, null);
    routers(ctx.cloud).delete(r.id);
    return { status: 204 };
  });
}

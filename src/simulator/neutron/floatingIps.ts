/**
 * Floating IPs: allocated from an external network's subnet; associating one with a port needs a
 * router with a gateway on that network and an interface on the port's subnet (else 404
 * ExternalGatewayForFloatingIPNotFound), as in Neutron.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { bodyOf, isAdmin, listReply, notFound, overQuota, owner, showReply, str } from './common.js';
import { floatingIps, networks, ports, routers, standard, touch, type FloatingIp } from './model.js';
import { networkNotFound } from './networks.js';
import { createPort, deletePort, portNotFound } from './ports.js';
import { interfacesOf } from './routers.js';

const createKeys = ['floating_network_id', 'floating_ip_address', 'port_id', 'fixed_ip_address', 'subnet_id', 'description', 'tenant_id', 'project_id', 'tags'] as const;

const fipNotFound = (id: string) => notFound('FloatingIPNotFound', `Floating IP ${id} could not be found`);

function associate(cloud: SimCloud, fip: FloatingIp, portId: string | null, fixedIp?: unknown): void {
  if (portId === null) {
    Object.assign(fip, { port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN', port_details: null });
    return;
  }
  const port = ports(cloud).get(portId);
  if (!port || port.project_id !== fip.project_id) throw portNotFound(portId);
  const fixed = fixedIp === undefined ? port.fixed_ips.find((f) => !f.ip_address.includes(':')) : port.fixed_ips.find((f) => f.ip_address === fixedIp);
  if (!fixed) throw new ApiError(400, `Bad floatingip request: Port ${port.id} does not have fixed ip ${String(fixedIp ?? '(IPv4)')}.`, { type: 'BadRequest' });
  const router = routers(cloud).find(
    (r) => r.external_gateway_info?.network_id === fip.floating_network_id && interfacesOf(cloud, r.id).some((p) => p.fixed_ips.some((f) => f.subnet_id === fixed.subnet_id)),
  );
  if (!router) {
    throw new ApiError(404, `External network ${fip.floating_network_id} is not reachable from subnet ${fixed.subnet_id}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`, { type: 'ExternalGatewayForFloatingIPNotFound' });
  }
  const taken = floatingIps(cloud).find((f) => f.id !== fip.id && f.port_id === port.id && f.fixed_ip_address === fixed.ip_address);
  if (taken) throw new ApiError(409, `Cannot associate floating IP ${fip.floating_ip_address} (${fip.id}) with port ${port.id} using fixed IP ${fixed.ip_address}, as that fixed IP already has a floating IP on external network ${fip.floating_network_id}.`, { type: 'FloatingIPPortAlreadyAssociated' });
  Object.assign(fip, {
    port_id: port.id,
    fixed_ip_address: fixed.ip_address,
    router_id: router.id,
    status: 'ACTIVE',
    port_details: { name: port.name, network_id: port.network_id, mac_address: port.mac_address, admin_state_up: port.admin_state_up, status: port.status, device_id: port.device_id, device_owner: port.device_owner },
  });
}

export function createFloatingIp(cloud: SimCloud, projectId: string, a: Record<string, unknown>, id?: string): FloatingIp {
  const network = networks(cloud).get(String(a.floating_network_id));
  if (!network) throw networkNotFound(String(a.floating_network_id));
  if (!network['router:external']) throw new ApiError(400, `Bad floatingip request: Network ${network.id} is not a valid external network.`, { type: 'BadRequest' });
  const used = floatingIps(cloud).count('project_id', projectId);
  if (!cloud.quotas.allows(projectId, 'floatingip', used)) throw overQuota('floatingip');
  const fixed = a.floating_ip_address !== undefined ? [{ ip_address: a.floating_ip_address, ...(a.subnet_id ? { subnet_id: a.subnet_id } : {}) }] : a.subnet_id ? [{ subnet_id: a.subnet_id }] : undefined;
  const fipId = id ?? cloud.ids.uuid();
  const port = createPort(cloud, '', { network_id: network.id, device_id: fipId, device_owner: 'network:floatingip', fixed_ips: fixed });
  const fip: FloatingIp = {
    ...standard(cloud, projectId, '', str(a.description, 'description'), fipId),
    floating_network_id: network.id,
    floating_ip_address: port.fixed_ips[0]?.ip_address ?? '',
    fixed_ip_address: null,
    port_id: null,
    router_id: null,
    status: 'DOWN',
    port_details: null,
  };
  const { name: _n, ...stored } = fip;
  floatingIps(cloud).put(stored as FloatingIp);
  try {
    if (a.port_id) associate(cloud, stored as FloatingIp, String(a.port_id), a.fixed_ip_address);
  } catch (err) {
    floatingIps(cloud).delete(fipId);
    deletePort(cloud, port.id);
    throw err;
  }
  return stored as FloatingIp;
}

function find(ctx: RequestContext, id: string): FloatingIp {
  const f = floatingIps(ctx.cloud).get(id);
  if (!f || !(isAdmin(ctx) || f.project_id === ctx.auth!.projectId)) throw fipNotFound(id);
  return f;
}

export function floatingIpRoutes(t: RouteTable): void {
  t.get('/v2.0/floatingips', (ctx) => listReply(ctx, 'floatingips', (isAdmin(ctx) ? floatingIps(ctx.cloud).values() : floatingIps(ctx.cloud).where('project_id', ctx.auth!.projectId)), (f) => ({ ...f })));
  t.get('/v2.0/floatingips/{id}', (ctx) => showReply(ctx, 'floatingip', { ...find(ctx, ctx.params.id!) }));
  t.post('/v2.0/floatingips', (ctx) => {
    const a = bodyOf(ctx, 'floatingip', createKeys);
    return showReply(ctx, 'floatingip', { ...createFloatingIp(ctx.cloud, owner(ctx, a), a) }, 201);
  });
  t.put('/v2.0/floatingips/{id}', (ctx) => {
    const f = find(ctx, ctx.params.id!);
    const a = bodyOf(ctx, 'floatingip', ['port_id', 'fixed_ip_address', 'description']);
    if (a.description !== undefined) f.description = str(a.description, 'description');
    if (a.port_id !== undefined) associate(ctx.cloud, f, a.port_id === null ? null : String(a.port_id), a.fixed_ip_address);
    touch(ctx.cloud, f);
    return showReply(ctx, 'floatingip', { ...f });
  });
  t.delete('/v2.0/floatingips/{id}', (ctx) => {
    const f = find(ctx, ctx.params.id!);
    for (const p of ports(ctx.cloud).filter((p) => p.device_id === f.id && p.device_owner === 'network:floatingip')) deletePort(ctx.cloud, p.id);
    floatingIps(ctx.cloud).delete(f.id);
    return { status: 204 };
  });
}

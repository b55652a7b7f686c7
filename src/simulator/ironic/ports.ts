/**
 * /v1/ports: a MAC per port, unique across the conductor (409 MACAlreadyExists), bound to a
 * node by node_uuid (or node_ident ≥ 1.94 — beyond our 1.82, so uuid only).
 */
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import type { RequestContext, Reply, RouteTable } from '../core/router.js';
import type { Port } from './model.js';
import { reply } from './nodes.js';
import { applyPatch, ironicPorts, nodes, stamp, viewOf } from './store.js';
import { portView, selectFields } from './views.js';

const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

export function portRoutes(t: RouteTable): void {
  const admin = { auth: 'admin' as const };
  t.get('/v1/ports', (ctx) => list(ctx, ctx.query.get('detail') === 'true'), admin);
  t.get('/v1/ports/detail', (ctx) => list(ctx, true), admin);
  t.get('/v1/ports/{port_id}', (ctx) => reply(ctx, 200, selectFields(portView(viewOf(ctx), find(ctx, ctx.params.port_id!), true), ctx.query.get('fields'))), admin);
  t.post('/v1/ports', create, admin);
  t.patch('/v1/ports/{port_id}', (ctx) => {
    const port = find(ctx, ctx.params.port_id!);
    const doc: Record<string, unknown> = { address: port.address, extra: structuredClone(port.extra), pxe_enabled: port.pxeEnabled, physical_network: port.physicalNetwork, node_uuid: port.nodeId };
    applyPatch(doc, ctx.body);
    const address = String(doc.address).toLowerCase();
    if (!MAC.test(address)) throw new ApiError(400, `Expected a MAC address but received ${address}.`);
    if (address !== port.address && ironicPorts(ctx.cloud).find((p) => p.address === address)) throw new ApiError(409, `A port with MAC address ${address} already exists.`);
    Object.assign(port, { address, extra: doc.extra ?? {}, pxeEnabled: doc.pxe_enabled !== false, physicalNetwork: doc.physical_network ?? null, updatedAt: stamp(ctx.cloud) });
    return reply(ctx, 200, portView(viewOf(ctx), port, true));
  }, admin);
  t.delete('/v1/ports/{port_id}', (ctx) => {
    const port = find(ctx, ctx.params.port_id!);
    ironicPorts(ctx.cloud).delete(port.id);
    return reply(ctx, 204, undefined);
  }, admin);
}

function find(ctx: RequestContext, id: string): Port {
  const port = ironicPorts(ctx.cloud).get(id) ?? ironicPorts(ctx.cloud).find((p) => p.address === id.toLowerCase());
  if (!port) throw new ApiError(404, `Port ${id} could not be found.`);
  return port;
}

function list(ctx: RequestContext, detail: boolean): Reply {
  const q = ctx.query;
  const node = q.get('node') ?? q.get('node_uuid');
  const nodeId = node ? (nodes(ctx.cloud).get(node) ?? nodes(ctx.cloud).find((n) => n.name === node))?.id : undefined;
  if (node && !nodeId) throw new ApiError(404, `Node ${node} could not be found.`);
  const rows = ironicPorts(ctx.cloud)
    .values()
    .filter((p) => !nodeId || p.nodeId === nodeId)
    .filter((p) => !q.get('address') || p.address === q.get('address')!.toLowerCase());
  const page = paginate(rows, q, { badMarker: (m) => new ApiError(400, `Port ${m} could not be found.`) });
  const body: Record<string, unknown> = { ports: page.items.map((p) => selectFields(portView(viewOf(ctx), p, detail), q.get('fields'))) };
  if (page.nextMarker) body.next = `${ctx.origin}/v1/ports?${new URLSearchParams({ ...Object.fromEntries(q), marker: page.nextMarker }).toString()}`;
  return reply(ctx, 200, body);
}

function create(ctx: RequestContext): Reply {
  const b = (ctx.body ?? {}) as Record<string, unknown>;
  const c = ctx.cloud;
  const address = typeof b.address === 'string' ? b.address.toLowerCase().replaceAll('-', ':') : '';
  if (!MAC.test(address)) throw new ApiError(400, `Expected a MAC address but received ${String(b.address)}.`);
  const nodeRef = typeof b.node_uuid === 'string' ? b.node_uuid : undefined;
  const node = nodeRef ? nodes(c).get(nodeRef) : undefined;
  if (!node) throw new ApiError(nodeRef ? 400 : 400, nodeRef ? `Node ${nodeRef} could not be found.` : "Invalid input for field/attribute node_uuid. Mandatory field missing.");
  if (ironicPorts(c).find((p) => p.address === address)) throw new ApiError(409, `A port with MAC address ${address} already exists.`);
  const port: Port = {
    id: typeof b.uuid === 'string' ? b.uuid : c.ids.uuid(),
    address,
    nodeId: node.id,
    pxeEnabled: b.pxe_enabled !== false,
    physicalNetwork: typeof b.physical_network === 'string' ? b.physical_network : null,
    localLinkConnection: (b.local_link_connection ?? {}) as Record<string, unknown>,
    extra: (b.extra ?? {}) as Record<string, unknown>,
    name: typeof b.name === 'string' ? b.name : null,
    createdAt: stamp(c),
    updatedAt: null,
  };
  ironicPorts(c).put(port);
  ctx.responseHeaders.location = `${ctx.origin}/v1/ports/${port.id}`;
  return reply(ctx, 201, portView(viewOf(ctx), port, true));
}

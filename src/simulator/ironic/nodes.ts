/**
 * /v1/nodes: enrol (≥ 1.11 nodes start in `enroll`, before that in `available`), list/detail
 * with filters, fields and paging, show by uuid or name, JSON-patch update (nodeUpdate.ts),
 * delete (only in DELETE_ALLOWED_STATES), validate, the node's ports and boot device.
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { json, type RequestContext, type Reply, type RouteTable } from '../core/router.js';
import { ENABLED_DRIVERS, INTERFACE_FIELDS, type Node } from './model.js';
import { defaultInterface } from './interfaces.js';
import { updateNode } from './nodeUpdate.js';
import { assertUnlocked, setPowerState, setProvisionState } from './provision.js';
import { DELETE_ALLOWED_STATES } from './states.js';
import { findNode, ironicPorts, nodes, stamp, versionHeaders, viewOf } from './store.js';
import { nodeDetail, nodeStates, nodeSummary, portView, selectFields } from './views.js';

export function nodeRoutes(t: RouteTable): void {
  const admin = { auth: 'admin' as const };
  // Project members may list: they see the nodes their project owns (an empty list, usually).
  t.get('/v1/nodes', (ctx) => list(ctx, ['true', 'True', '1'].includes(ctx.query.get('detail') ?? '') && atLeast(ctx.microversion, '1.43')));
  t.get('/v1/nodes/detail', (ctx) => list(ctx, true));
  t.get('/v1/nodes/{node_ident}', (ctx) => reply(ctx, 200, selectFields(nodeDetail(viewOf(ctx), findNode(ctx, ctx.params.node_ident!)), ctx.query.get('fields'))), admin);
  t.post('/v1/nodes', create, admin);
  t.patch('/v1/nodes/{node_ident}', updateNode, admin);
  t.delete('/v1/nodes/{node_ident}', remove, admin);
  t.get('/v1/nodes/{node_ident}/states', (ctx) => reply(ctx, 200, nodeStates(findNode(ctx, ctx.params.node_ident!))), admin);
  t.put('/v1/nodes/{node_ident}/states/provision', setProvisionState, admin);
  t.put('/v1/nodes/{node_ident}/states/power', setPowerState, admin);
  t.get('/v1/nodes/{node_ident}/validate', validate, admin);
  t.get('/v1/nodes/{node_ident}/ports', (ctx) => {
    const node = findNode(ctx, ctx.params.node_ident!);
    return reply(ctx, 200, { ports: ironicPorts(ctx.cloud).filter((p) => p.nodeId === node.id).map((p) => portView(viewOf(ctx), p, false)) });
  }, admin);
  t.put('/v1/nodes/{node_ident}/management/boot_device', (ctx) => {
    const node = findNode(ctx, ctx.params.node_ident!);
    assertUnlocked(node);
    const device = (ctx.body as Record<string, unknown> | undefined)?.boot_device;
    if (typeof device !== 'string' || !['pxe', 'disk', 'cdrom', 'bios', 'safe'].includes(device)) throw new ApiError(400, `Invalid boot device ${String(device)} specified.`);
    node.bootDevice = device;
    return reply(ctx, 204, undefined);
  }, admin);
  t.get('/v1/nodes/{node_ident}/management/boot_device', (ctx) => {
    const node = findNode(ctx, ctx.params.node_ident!);
    return reply(ctx, 200, { boot_device: node.bootDevice, persistent: false });
  }, admin);
  t.put('/v1/nodes/{node_ident}/maintenance', (ctx) => {
    const node = findNode(ctx, ctx.params.node_ident!);
    node.maintenance = true;
    node.maintenanceReason = typeof (ctx.body as Record<string, unknown> | undefined)?.reason === 'string' ? String((ctx.body as Record<string, unknown>).reason) : null;
    return reply(ctx, 202, undefined);
  }, admin);
  t.delete('/v1/nodes/{node_ident}/maintenance', (ctx) => {
    const node = findNode(ctx, ctx.params.node_ident!);
    node.maintenance = false;
    node.maintenanceReason = null;
    return reply(ctx, 202, undefined);
  }, admin);
}

export function reply(ctx: RequestContext, status: number, body: unknown): Reply {
  versionHeaders(ctx);
  return body === undefined ? { status } : json(status, body);
}

function list(ctx: RequestContext, detail: boolean): Reply {
  const q = ctx.query;
  const view = viewOf(ctx);
  for (const n of nodes(ctx.cloud).values()) ctx.cloud.progression.observe('node', n.id);
  const admin = ctx.auth?.roles.includes('admin') ?? false;
  const rows = nodes(ctx.cloud)
    .values()
    .filter((n) => admin || n.owner === ctx.auth?.projectId)
    .filter((n) => !q.get('provision_state') || n.provisionState === q.get('provision_state'))
    .filter((n) => !q.get('driver') || n.driver === q.get('driver'))
    .filter((n) => !q.get('resource_class') || n.resourceClass === q.get('resource_class'))
    .filter((n) => !q.has('maintenance') || String(n.maintenance) === q.get('maintenance')?.toLowerCase())
    .filter((n) => !q.has('associated') || (n.instanceUuid !== null) === (q.get('associated')?.toLowerCase() === 'true'));
  const page = paginate(rows, q, { badMarker: (m) => new ApiError(400, `Node ${m} could not be found.`) });
  const body: Record<string, unknown> = {
    nodes: page.items.map((n) => selectFields(detail ? nodeDetail(view, n) : nodeSummary(view, n), q.get('fields'))),
  };
  if (page.nextMarker) {
    const next = new URLSearchParams(q);
    next.set('marker', page.nextMarker);
    body.next = `${ctx.origin}/v1/nodes${detail && !q.has('detail') ? '/detail' : ''}?${next.toString()}`;
  }
  return reply(ctx, 200, body);
}

function create(ctx: RequestContext): Reply {
  const b = (ctx.body ?? {}) as Record<string, unknown>;
  const c = ctx.cloud;
  const driver = b.driver;
  if (typeof driver !== 'string') throw new ApiError(400, "Invalid input for field/attribute driver. Value: 'None'. Mandatory field missing.");
  if (!ENABLED_DRIVERS.includes(driver)) throw new ApiError(400, `No valid host was found. Reason: No conductor service registered which supports driver ${driver} for conductor group "".`);
  const name = typeof b.name === 'string' ? b.name : null;
  if (name && nodes(c).find((n) => n.name === name)) throw new ApiError(409, `A node with name ${name} already exists.`);
  const id = typeof b.uuid === 'string' ? b.uuid : c.ids.uuid();
  if (nodes(c).has(id)) throw new ApiError(409, `A node with UUID ${id} already exists.`);
  const interfaces: Record<string, string | null> = {};
  for (const f of INTERFACE_FIELDS) interfaces[f] = typeof b[f] === 'string' ? (b[f] as string) : defaultInterface(driver, f);
  const node: Node = {
    id,
    name,
    driver,
    driverInfo: (b.driver_info ?? {}) as Record<string, unknown>,
    properties: (b.properties ?? {}) as Record<string, unknown>,
    extra: (b.extra ?? {}) as Record<string, unknown>,
    resourceClass: typeof b.resource_class === 'string' ? b.resource_class : null,
    provisionState: atLeast(ctx.microversion, '1.11') ? 'enroll' : 'available',
    targetProvisionState: null,
    powerState: null,
    targetPowerState: null,
    lastError: null,
    maintenance: false,
    maintenanceReason: null,
    reservation: null,
    bootDevice: null,
    instanceUuid: null,
    instanceInfo: {},
    interfaces,
    traits: [],
    description: typeof b.description === 'string' ? b.description : null,
    owner: typeof b.owner === 'string' ? b.owner : null,
    createdAt: stamp(c),
    updatedAt: null,
    provisionUpdatedAt: null,
    inspectionStartedAt: null,
    inspectionFinishedAt: null,
  };
  nodes(c).put(node);
  ctx.responseHeaders.location = `${ctx.origin}/v1/nodes/${node.id}`;
  return reply(ctx, 201, nodeDetail(viewOf(ctx), node));
}

function remove(ctx: RequestContext): Reply {
  const node = findNode(ctx, ctx.params.node_ident!);
  assertUnlocked(node);
  if (!node.maintenance && !DELETE_ALLOWED_STATES.includes(node.provisionState)) {
    throw new ApiError(409, `Can not delete node "${node.id}" while it is in provision state "${node.provisionState}". Valid provision states to perform deletion are: "${DELETE_ALLOWED_STATES.join('", "')}", or set the node into maintenance mode`);
  }
  for (const p of ironicPorts(ctx.cloud).filter((p) => p.nodeId === node.id)) ironicPorts(ctx.cloud).delete(p.id);
  nodes(ctx.cloud).delete(node.id);
  ctx.cloud.progression.cancel('node', node.id);
  return reply(ctx, 204, undefined);
}

function validate(ctx: RequestContext): Reply {
  const node = findNode(ctx, ctx.params.node_ident!);
  const hasPort = ironicPorts(ctx.cloud).filter((p) => p.nodeId === node.id).length > 0;
  const powerMissing = node.driver === 'ipmi' ? !node.driverInfo.ipmi_address : node.driver === 'redfish' ? !node.driverInfo.redfish_address : false;
  const ok = { result: true, reason: null };
  const power = powerMissing ? { result: false, reason: `Missing the following ${node.driver} credentials in node's driver_info` } : ok;
  const noPort = { result: false, reason: `Node ${node.id} does not have any port associated with it.` };
  return reply(ctx, 200, {
    power,
    management: power,
    boot: hasPort ? ok : noPort,
    deploy: hasPort ? ok : noPort,
    inspect: power,
    console: { result: false, reason: 'Missing console interface' },
    network: ok,
    raid: { result: false, reason: 'not supported' },
    rescue: { result: false, reason: 'not supported' },
    storage: ok,
    bios: { result: false, reason: 'not supported' },
  });
}

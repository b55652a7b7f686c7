/**
 * Servers: create (scheduled onto a compute host, ports made in Neutron, volumes attached for
 * boot-from-volume), list/detail with Nova's filters, show, update and asynchronous delete.
 * The BUILD → ACTIVE (or ERROR) walk is a core progression of kind 'server'.
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import { deleteServer, startBuild } from './lifecycle.js';
import type { Server } from './model.js';
import { addressesOf } from './network.js';
import { validateCreate } from './serverCreate.js';
import { serverDetail, serverSummary } from './serverView.js';
import { vmStatesForStatus } from './states.js';
import { isAdmin, now, observeServer, projectOf, recordAction, servers, viewContext, visibleServer } from './store.js';

export function serverRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/servers`, (ctx) => listServers(ctx, false));
  t.get(`${p}/servers/detail`, (ctx) => listServers(ctx, true));
  t.get(`${p}/servers/{server_id}`, (ctx) => {
    const server = visibleServer(ctx, ctx.params.server_id!);
    observeServer(ctx.cloud, server.id);
    const body = serverDetail(viewContext(ctx), visibleServer(ctx, server.id), addressesOf(ctx.cloud, server));
    // From 2.71 show (not list) names the server's groups.
    if (atLeast(ctx.microversion, '2.71')) body.server_groups = [];
    return json(200, { server: body });
  });
  t.post(`${p}/servers`, createServer);
  t.put(`${p}/servers/{server_id}`, updateServer);
  t.delete(`${p}/servers/{server_id}`, (ctx) => {
    deleteServer(ctx, visibleServer(ctx, ctx.params.server_id!));
    return { status: 204 };
  });
  t.get(`${p}/servers/{server_id}/metadata`, (ctx) => json(200, { metadata: visibleServer(ctx, ctx.params.server_id!).metadata }));
}

function createServer(ctx: RequestContext) {
  const input = validateCreate(ctx);
  const c = ctx.cloud;
  const time = now(c);
  const server: Server = {
    id: c.ids.uuid(),
    name: input.name,
    projectId: projectOf(ctx),
    userId: ctx.auth?.userId ?? '',
    flavor: structuredClone(input.flavor),
    imageId: input.imageId,
    keyName: input.keyName,
    metadata: input.metadata,
    securityGroups: input.securityGroups,
    portIds: [],
    ownedPortIds: [],
    host: null,
    vmState: 'building',
    taskState: 'scheduling',
    powerState: 0,
    fault: null,
    availabilityZone: input.availabilityZone ?? 'nova',
    createdAt: time,
    updatedAt: time,
    launchedAt: null,
    volumes: [],
    description: input.description,
    locked: false,
    tags: input.tags,
    sourceHost: null,
    previousVmState: null,
  };
  servers(c).put(server);
  const action = recordAction(ctx, server, 'create', 'compute__do_build_and_run_instance');
  startBuild(ctx, server, input, action);
  const view = viewContext(ctx);
  const body: Record<string, unknown> = {
    id: server.id,
    links: serverSummary(view, server).links,
    'OS-DCF:diskConfig': 'MANUAL',
    security_groups: server.securityGroups.map((name) => ({ name })),
  };
  if (input.returnPassword) body.adminPass = c.ids.hexId().slice(0, 12);
  return json(202, { server: body }, { location: `${view.baseUrl}/${view.projectId}/servers/${server.id}` });
}

function updateServer(ctx: RequestContext) {
  const server = visibleServer(ctx, ctx.params.server_id!);
  const body = (ctx.body as { server?: Record<string, unknown> } | undefined)?.server;
  if (!body || typeof body !== 'object') throw new ApiError(400, "Invalid input for field/attribute server. 'server' is a required property");
  if (typeof body.name === 'string') server.name = body.name;
  if (body.description !== undefined && atLeast(ctx.microversion, '2.19')) server.description = body.description === null ? null : String(body.description);
  server.updatedAt = now(ctx.cloud);
  return json(200, { server: serverDetail(viewContext(ctx), server, addressesOf(ctx.cloud, server)) });
}

const ADMIN_FILTERS = ['host', 'node', 'all_tenants', 'project_id', 'tenant_id'];

function listServers(ctx: RequestContext, detail: boolean) {
  const q = ctx.query;
  const admin = isAdmin(ctx);
  const allTenants = admin && q.has('all_tenants') && !['0', 'false', 'False'].includes(q.get('all_tenants') ?? '');
  const project = admin && (q.get('project_id') ?? q.get('tenant_id')) ? (q.get('project_id') ?? q.get('tenant_id'))! : projectOf(ctx);
  const nameRe = q.get('name') ? safeRegExp(q.get('name')!) : undefined;
  const status = q.get('status');
  const statuses = status ? vmStatesForStatus(status) : undefined;
  // An unknown status is a 400 from 2.38; before that Nova answers with an empty list.
  if (status && statuses?.length === 0 && atLeast(ctx.microversion, '2.38')) throw new ApiError(400, 'Invalid status value');
  for (const f of ADMIN_FILTERS) if (!admin && q.has(f) && f !== 'all_tenants') q.delete(f);
  const hostFilter = admin ? (q.get('host') ?? q.get('node')) : null;
  const flavorFilter = q.get('flavor');
  const imageFilter = q.get('image');
  for (const s of servers(ctx.cloud).values()) observeServer(ctx.cloud, s.id);
  const all = servers(ctx.cloud)
    .values()
    .filter((s) => s.vmState !== 'deleted')
    .filter((s) => allTenants || s.projectId === project)
    .filter((s) => !nameRe || nameRe.test(s.name))
    .filter((s) => !statuses || statuses.includes(s.vmState))
    .filter((s) => !hostFilter || s.host === hostFilter)
    .filter((s) => !flavorFilter || s.flavor.id === flavorFilter)
    .filter((s) => !imageFilter || s.imageId === imageFilter)
    .filter((s) => !q.get('key_name') || s.keyName === q.get('key_name'))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const page = paginate(all, q, { badMarker: (m) => new ApiError(400, `marker [${m}] not found`) });
  const view = viewContext(ctx);
  const body: Record<string, unknown> = {
    servers: page.items.map((s) => (detail ? serverDetail(view, s, addressesOf(ctx.cloud, s)) : serverSummary(view, s))),
  };
  if (page.nextMarker) {
    const next = new URLSearchParams(q);
    next.set('marker', page.nextMarker);
    body.servers_links = [{ href: `${view.baseUrl}/${view.projectId}/servers${detail ? '/detail' : ''}?${next.toString()}`, rel: 'next' }];
  }
  return json(200, body);
}

/** Nova matches `name` as a regular expression (the DB's REGEXP); a bad one matches literally. */
function safeRegExp(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}

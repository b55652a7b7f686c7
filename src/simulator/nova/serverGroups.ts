/**
 * os-server-groups (api-ref compute "Server groups", doc/api_samples/os-server-groups): a
 * project's groups with a scheduling policy and their member servers. From 2.64 a group has one
 * `policy` and `rules` (max_server_per_host, anti-affinity only); before, a `policies` list and
 * `metadata`; 2.13 adds project_id and user_id; soft policies need 2.15. Admins list every
 * project's groups with ?all_projects=True. Paginated by limit/offset, as Nova does here.
 * Members join at boot (scheduler hint `group`); tests and scenarios may also set them directly.
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { json, noContent, type RequestContext, type RouteTable } from '../core/router.js';
import type { SimCloud } from '../core/cloud.js';
import type { Collection } from '../core/state.js';
import { bodyObject, isAdmin, projectOf } from './store.js';

export interface ServerGroupRecord {
  id: string;
  name: string;
  policy: string;
  rules: Record<string, number>;
  members: string[];
  projectId: string;
  userId: string;
}

export const serverGroups = (c: SimCloud): Collection<ServerGroupRecord> => c.state.collection<ServerGroupRecord>('nova_server_groups');

function view(ctx: RequestContext, g: ServerGroupRecord): Record<string, unknown> {
  const v = ctx.microversion!;
  const body: Record<string, unknown> = { id: g.id, name: g.name };
  if (atLeast(v, '2.64')) Object.assign(body, { policy: g.policy, rules: g.rules });
  else Object.assign(body, { policies: [g.policy], metadata: {} });
  body.members = [...g.members];
  if (atLeast(v, '2.13')) Object.assign(body, { project_id: g.projectId, user_id: g.userId });
  return body;
}

function visible(ctx: RequestContext, id: string): ServerGroupRecord {
  const g = serverGroups(ctx.cloud).get(id);
  if (!g || (!isAdmin(ctx) && g.projectId !== projectOf(ctx))) throw new ApiError(404, `Server group ${id} could not be found.`);
  return g;
}

function create(ctx: RequestContext) {
  const v = ctx.microversion!;
  const body = bodyObject(ctx, 'server_group');
  const name = body.name;
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) throw new ApiError(400, `Invalid input for field/attribute name. Value: ${JSON.stringify(name ?? null)}.`);
  const allowed = ['affinity', 'anti-affinity', ...(atLeast(v, '2.15') ? ['soft-affinity', 'soft-anti-affinity'] : [])];
  const policy = atLeast(v, '2.64') ? body.policy : Array.isArray(body.policies) && body.policies.length === 1 ? body.policies[0] : undefined;
  if (typeof policy !== 'string' || !allowed.includes(policy)) {
    throw new ApiError(400, `Invalid input for field/attribute ${atLeast(v, '2.64') ? 'policy' : 'policies'}. Value: ${JSON.stringify(body.policy ?? body.policies ?? null)}. It must be one of ${allowed.join(', ')}`);
  }
  const rules = atLeast(v, '2.64') && body.rules && typeof body.rules === 'object' ? (body.rules as Record<string, unknown>) : {};
  if (Object.keys(rules).length > 0 && policy !== 'anti-affinity') throw new ApiError(400, 'Only anti-affinity policy supports rules.');
  const max = rules.max_server_per_host;
  if (max !== undefined && (!Number.isInteger(max) || (max as number) < 1)) throw new ApiError(400, 'Invalid input for field/attribute max_server_per_host.');
  const group = serverGroups(ctx.cloud).put({
    id: ctx.cloud.ids.uuid(), name, policy, rules: max === undefined ? {} : { max_server_per_host: max as number }, members: [],
    projectId: projectOf(ctx), userId: ctx.auth?.userId ?? '',
  });
  return json(200, { server_group: view(ctx, group) });
}

function list(ctx: RequestContext) {
  const all = ['true', '1', 'True'].includes(ctx.query.get('all_projects') ?? '') && isAdmin(ctx);
  const groups = serverGroups(ctx.cloud).filter((g) => all || g.projectId === projectOf(ctx));
  const offset = Number(ctx.query.get('offset') ?? 0);
  const limit = Number(ctx.query.get('limit') ?? 1000);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 0) throw new ApiError(400, 'Invalid input for query parameters limit or offset.');
  return json(200, { server_groups: groups.slice(offset, offset + limit).map((g) => view(ctx, g)) });
}

export function serverGroupRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/os-server-groups`, list);
  t.post(`${p}/os-server-groups`, create);
  t.get(`${p}/os-server-groups/{group_id}`, (ctx) => json(200, { server_group: view(ctx, visible(ctx, ctx.params.group_id!)) }));
  t.delete(`${p}/os-server-groups/{group_id}`, (ctx) => {
    serverGroups(ctx.cloud).delete(visible(ctx, ctx.params.group_id!).id);
    return noContent();
  });
}

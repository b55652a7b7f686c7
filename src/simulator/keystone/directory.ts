/**
 * Projects, users, roles, role assignments and application credentials. Listing everything is
 * admin-only (Keystone's default policy); a user may read itself, its projects and its own
 * application credentials. Lists carry Keystone's `links: {self, previous, next}`.
 */
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { appCredentials, assignments, projects, projectView, roles, roleView, rolesOn, users, userView, type AppCredential } from './identity.js';

const notFound = (kind: string, id: string) => new ApiError(404, `Could not find ${kind}: ${id}.`, { type: 'Not Found' });
const forbidden = (action: string) =>
  new ApiError(403, `You are not authorized to perform the requested action: identity:${action}.`, { type: 'Forbidden' });
const isAdmin = (ctx: RequestContext) => ctx.auth!.roles.includes('admin');
const listOf = (ctx: RequestContext, key: string, items: unknown[]) => ({
  status: 200,
  body: { [key]: items, links: { self: `${ctx.origin}${ctx.path}`, previous: null, next: null } },
});

/** Applies Keystone's simple equality filters (?name=, ?enabled=, ?domain_id=). */
function filtered<T extends object>(ctx: RequestContext, items: T[], keys: string[]): T[] {
  return items.filter((item) =>
    keys.every((k) => {
      const want = ctx.query.get(k);
      return want === null || String((item as Record<string, unknown>)[k]) === want;
    }),
  );
}

export function directoryRoutes(t: RouteTable): void {
  t.get('/v3/projects', (ctx) => listOf(ctx, 'projects', filtered(ctx, projects(ctx.cloud).values(), ['name', 'enabled', 'domain_id']).map((p) => projectView(p, ctx.origin))), { auth: 'admin' });
  t.get('/v3/projects/{project_id}', (ctx) => {
    const p = projects(ctx.cloud).get(ctx.params.project_id!);
    if (!p) throw notFound('project', ctx.params.project_id!);
    if (!isAdmin(ctx) && ctx.auth!.projectId !== p.id) throw forbidden('get_project');
    return { status: 200, body: { project: projectView(p, ctx.origin) } };
  });
  t.get('/v3/auth/projects', (ctx) => listOf(ctx, 'projects', projectsOf(ctx, ctx.auth!.userId)));
  t.get('/v3/users', (ctx) => listOf(ctx, 'users', filtered(ctx, users(ctx.cloud).values(), ['name', 'enabled', 'domain_id']).map((u) => userView(u, ctx.origin))), { auth: 'admin' });
  t.get('/v3/users/{user_id}', (ctx) => {
    const u = users(ctx.cloud).get(selfOrAdmin(ctx, 'get_user'));
    if (!u) throw notFound('user', ctx.params.user_id!);
    return { status: 200, body: { user: userView(u, ctx.origin) } };
  });
  t.get('/v3/users/{user_id}/projects', (ctx) => listOf(ctx, 'projects', projectsOf(ctx, selfOrAdmin(ctx, 'list_user_projects'))));
  t.get('/v3/roles', (ctx) => listOf(ctx, 'roles', filtered(ctx, roles(ctx.cloud).values(), ['name']).map((r) => roleView(r, ctx.origin))));
  t.get('/v3/role_assignments', roleAssignments, { auth: 'admin' });
  t.get('/v3/users/{user_id}/application_credentials', (ctx) => {
    const userId = selfOrAdmin(ctx, 'list_application_credentials');
    const creds = appCredentials(ctx.cloud).filter((a) => a.userId === userId && (ctx.query.get('name') ?? a.name) === a.name);
    return listOf(ctx, 'application_credentials', creds.map((a) => credView(ctx, a)));
  });
  t.get('/v3/users/{user_id}/application_credentials/{cred_id}', (ctx) => {
    const userId = selfOrAdmin(ctx, 'get_application_credential');
    const cred = appCredentials(ctx.cloud).get(ctx.params.cred_id!);
    if (!cred || cred.userId !== userId) throw notFound('application credential', ctx.params.cred_id!);
    return { status: 200, body: { application_credential: credView(ctx, cred) } };
  });
  t.post('/v3/users/{user_id}/application_credentials', createAppCredential);
  t.delete('/v3/users/{user_id}/application_credentials/{cred_id}', (ctx) => {
    const userId = selfOrAdmin(ctx, 'delete_application_credential');
    const cred = appCredentials(ctx.cloud).get(ctx.params.cred_id!);
    if (!cred || cred.userId !== userId) throw notFound('application credential', ctx.params.cred_id!);
    appCredentials(ctx.cloud).delete(cred.id);
    return { status: 204 };
  });
}

function selfOrAdmin(ctx: RequestContext, action: string): string {
  const userId = ctx.params.user_id!;
  if (userId !== ctx.auth!.userId && !isAdmin(ctx)) throw forbidden(action);
  return userId;
}

function projectsOf(ctx: RequestContext, userId: string) {
  const ids = new Set(assignments(ctx.cloud).filter((a) => a.userId === userId).map((a) => a.projectId));
  return projects(ctx.cloud).filter((p) => ids.has(p.id)).map((p) => projectView(p, ctx.origin));
}

function roleAssignments(ctx: RequestContext) {
  const user = ctx.query.get('user.id');
  const project = ctx.query.get('scope.project.id');
  const names = ctx.query.has('include_names');
  const items = assignments(ctx.cloud)
    .filter((a) => (user === null || a.userId === user) && (project === null || a.projectId === project))
    .map((a) => {
      const role = roles(ctx.cloud).get(a.roleId);
      const u = users(ctx.cloud).get(a.userId);
      const p = projects(ctx.cloud).get(a.projectId);
      return {
        role: names ? { id: a.roleId, name: role?.name } : { id: a.roleId },
        user: names ? { id: a.userId, name: u?.name, domain: { id: 'default', name: 'Default' } } : { id: a.userId },
        scope: { project: names ? { id: a.projectId, name: p?.name, domain: { id: 'default', name: 'Default' } } : { id: a.projectId } },
        links: { assignment: `${ctx.origin}/v3/projects/${a.projectId}/users/${a.userId}/roles/${a.roleId}` },
      };
    });
  return listOf(ctx, 'role_assignments', items);
}

function credView(ctx: RequestContext, a: AppCredential) {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    user_id: a.userId,
    project_id: a.projectId,
    roles: a.roleIds.map((id) => ({ id, name: roles(ctx.cloud).get(id)?.name, domain_id: null })),
    expires_at: a.expires_at,
    unrestricted: a.unrestricted,
    access_rules: [],
    links: { self: `${ctx.origin}/v3/users/${a.userId}/application_credentials/${a.id}` },
  };
}

function createAppCredential(ctx: RequestContext) {
  const userId = ctx.params.user_id!;
  if (userId !== ctx.auth!.userId) throw forbidden('create_application_credential');
  if (ctx.auth!.applicationCredentialId) throw forbidden('create_application_credential');
  const spec = (ctx.body as { application_credential?: Record<string, unknown> } | undefined)?.application_credential;
  if (!spec || typeof spec.name !== 'string') throw new ApiError(400, "Invalid input for field 'application_credential': 'name' is a required property", { type: 'Bad Request' });
  if (appCredentials(ctx.cloud).find((a) => a.userId === userId && a.name === spec.name)) {
    throw new ApiError(409, 'Conflict occurred attempting to store application_credential - Duplicate entry found with name ' + spec.name + '.', { type: 'Conflict' });
  }
  const held = rolesOn(ctx.cloud, userId, ctx.auth!.projectId);
  const secret = typeof spec.secret === 'string' ? spec.secret : ctx.cloud.ids.token().slice(7, 50);
  const cred: AppCredential = {
    id: ctx.cloud.ids.hexId(),
    name: spec.name,
    description: typeof spec.description === 'string' ? spec.description : null,
    userId,
    projectId: ctx.auth!.projectId,
    roleIds: held.map((r) => r.id),
    secret,
    expires_at: typeof spec.expires_at === 'string' ? spec.expires_at : null,
    unrestricted: spec.unrestricted === true,
  };
  appCredentials(ctx.cloud).put(cred);
  // The secret is returned exactly once, on creation, as Keystone does.
  return { status: 201, body: { application_credential: { ...credView(ctx, cred), secret } } };
}

/**
 * POST/GET/HEAD/DELETE /v3/auth/tokens: password and application-credential authentication,
 * project scope, X-Subject-Token, expires_at on the injected clock, and the catalog with each
 * service's endpoint as clients must use it. Any bad credential is the same 401 (Keystone never
 * says whether the user or the password was wrong).
 */
import { isoMicros } from '../core/clock.js';
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import type { TokenRecord, TokenSubject } from '../core/tokens.js';
import { DEFAULT_DOMAIN, appCredentials, projectByName, projects, roles, rolesOn, users, type Project, type User } from './identity.js';

const unauthorized = (cloud: SimCloud) =>
  new ApiError(401, 'The request you have made requires authentication.', { headers: { 'www-authenticate': `Keystone uri="${cloud.endpoint('identity')}"` } });
const badRequest = (what: string) =>
  new ApiError(400, `Expecting to find ${what} in auth - the server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`, { type: 'Bad Request' });

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function authRoutes(t: RouteTable): void {
  t.post('/v3/auth/tokens', issue, { auth: 'none' });
  t.get('/v3/auth/tokens', (ctx) => {
    const subject = subjectToken(ctx);
    return { status: 200, body: tokenBody(ctx.cloud, subject, ctx.query.has('nocatalog')), headers: { 'x-subject-token': subject.id } };
  });
  t.delete('/v3/auth/tokens', (ctx) => {
    ctx.cloud.tokens.revoke(subjectToken(ctx).id);
    return { status: 204 };
  });
  t.get('/v3/auth/catalog', (ctx) => ({
    status: 200,
    body: { catalog: ctx.cloud.catalog(ctx.auth!.projectId), links: { self: `${ctx.origin}/v3/auth/catalog`, previous: null, next: null } },
  }));
}

function subjectToken(ctx: RequestContext): TokenRecord {
  const id = ctx.headers['x-subject-token'];
  const record = ctx.cloud.tokens.validate(typeof id === 'string' ? id : undefined);
  if (!record) throw new ApiError(404, `Could not find token: ${typeof id === 'string' ? id.slice(0, 12) + '…' : ''}.`, { type: 'Not Found' });
  return record;
}

function issue(ctx: RequestContext) {
  const auth = obj(obj(ctx.body)?.auth);
  if (!auth) throw badRequest('auth');
  const identity = obj(auth.identity);
  if (!identity) throw badRequest('identity');
  const methods = Array.isArray(identity.methods) ? identity.methods.filter((m): m is string => typeof m === 'string') : [];
  let subject: TokenSubject;
  if (methods.includes('application_credential')) subject = viaAppCredential(ctx.cloud, obj(identity.application_credential));
  else if (methods.includes('password')) subject = viaPassword(ctx.cloud, obj(identity.password), obj(auth.scope));
  else throw new ApiError(401, `Attempted to authenticate with an unsupported method: ${methods.join(', ')}.`);
  const record = ctx.cloud.tokens.issue(subject);
  return { status: 201, body: tokenBody(ctx.cloud, record, ctx.query.has('nocatalog')), headers: { 'x-subject-token': record.id } };
}

function findUser(cloud: SimCloud, spec: Json | undefined): User | undefined {
  if (!spec) return undefined;
  const id = str(spec.id);
  if (id) return users(cloud).get(id);
  const domain = obj(spec.domain);
  const domainOk = !domain || domain.id === DEFAULT_DOMAIN.id || domain.name === DEFAULT_DOMAIN.name;
  return domainOk ? users(cloud).find((u) => u.name === spec.name) : undefined;
}

function viaPassword(cloud: SimCloud, password: Json | undefined, scope: Json | undefined): TokenSubject {
  const userSpec = obj(password?.user);
  if (!userSpec) throw badRequest('user');
  const user = findUser(cloud, userSpec);
  if (!user || !user.enabled || user.password !== userSpec.password) throw unauthorized(cloud);
  let project: Project | undefined;
  const scoped = obj(scope?.project);
  if (scoped) {
    project = str(scoped.id) ? projects(cloud).get(scoped.id as string) : projectByName(cloud, str(scoped.name) ?? '');
  } else if (scope) {
    throw new ApiError(400, 'The simulator supports project scope only (not domain or system scope).');
  } else if (user.default_project_id) {
    project = projects(cloud).get(user.default_project_id);
  }
  if (!project) throw unauthorized(cloud);
  const held = rolesOn(cloud, user.id, project.id);
  if (held.length === 0) throw unauthorized(cloud);
  return subjectFor(user, project, held.map((r) => r.name), ['password']);
}

function viaAppCredential(cloud: SimCloud, spec: Json | undefined): TokenSubject {
  if (!spec) throw badRequest('application_credential');
  const id = str(spec.id);
  const cred = id
    ? appCredentials(cloud).get(id)
    : appCredentials(cloud).find((a) => a.name === spec.name && a.userId === findUser(cloud, obj(spec.user))?.id);
  if (!cred || cred.secret !== spec.secret) throw unauthorized(cloud);
  const user = users(cloud).get(cred.userId);
  const project = projects(cloud).get(cred.projectId);
  if (!user || !project) throw unauthorized(cloud);
  const names = cred.roleIds.map((r) => roles(cloud).get(r)?.name).filter((n): n is string => n !== undefined);
  return { ...subjectFor(user, project, names, ['application_credential']), applicationCredentialId: cred.id };
}

function subjectFor(user: User, project: Project, roleNames: string[], methods: string[]): TokenSubject {
  return {
    userId: user.id,
    userName: user.name,
    userDomainId: user.domain_id,
    projectId: project.id,
    projectName: project.name,
    projectDomainId: project.domain_id,
    roles: roleNames,
    methods,
  };
}

/** The `token` document of POST and GET /v3/auth/tokens. */
export function tokenBody(cloud: SimCloud, t: TokenRecord, noCatalog = false) {
  const roleList = t.roles.map((name) => ({ id: roles(cloud).find((r) => r.name === name)?.id ?? name, name }));
  const token: Json = {
    methods: t.methods,
    user: { id: t.userId, name: t.userName, domain: { ...DEFAULT_DOMAIN }, password_expires_at: null },
    audit_ids: [t.id.slice(-22)],
    expires_at: isoMicros(t.expiresAt),
    issued_at: isoMicros(t.issuedAt),
    project: { id: t.projectId, name: t.projectName, domain: { ...DEFAULT_DOMAIN } },
    is_domain: false,
    roles: roleList,
  };
  if (t.applicationCredentialId) {
    const cred = appCredentials(cloud).get(t.applicationCredentialId);
    token.application_credential = { id: t.applicationCredentialId, name: cred?.name ?? '', restricted: !(cred?.unrestricted ?? false) };
  }
  if (!noCatalog) token.catalog = cloud.catalog(t.projectId);
  return { token };
}

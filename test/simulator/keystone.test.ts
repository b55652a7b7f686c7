/** Keystone v3 contract: password and application-credential auth, validation, revocation, policy. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTarget, type Target } from './helpers/target.js';
import { login, passwordAuth, send } from './helpers/session.js';

let target: Target;
before(async () => {
  target = await openTarget();
});
after(() => target.close());

test('password auth issues a project-scoped token with X-Subject-Token, expiry and catalog', async () => {
  const res = await send(`${target.source.auth.auth_url}/auth/tokens`, 'POST', { body: passwordAuth(target.source) });
  assert.equal(res.status, 201);
  assert.ok(res.headers.get('x-subject-token'));
  const token = res.body.token;
  assert.deepEqual(token.methods, ['password']);
  assert.equal(token.project.name, target.source.auth.project_name);
  assert.equal(token.user.name, target.source.auth.username);
  assert.ok(Date.parse(token.expires_at) > Date.parse(token.issued_at));
  assert.match(token.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.ok(token.roles.some((r: { name: string }) => r.name === 'member'));
  const types = token.catalog.map((s: { type: string }) => s.type);
  for (const type of ['identity', 'network', 'image', 'placement']) assert.ok(types.includes(type), `catalog has ${type}`);
  for (const svc of token.catalog) {
    assert.deepEqual(svc.endpoints.map((e: { interface: string }) => e.interface).sort(), ['admin', 'internal', 'public']);
    for (const e of svc.endpoints) assert.match(e.url, /^http:\/\/127\.0\.0\.1:\d+/);
  }
});

test('a wrong password, unknown user or unknown project is 401 with Keystone body and WWW-Authenticate', async () => {
  for (const mutate of [
    (b: any) => (b.auth.identity.password.user.password = 'wrong'),
    (b: any) => (b.auth.identity.password.user.name = 'nobody-here'),
    (b: any) => (b.auth.scope.project.name = 'no-such-project'),
  ]) {
    const body: any = passwordAuth(target.source);
    mutate(body);
    const res = await send(`${target.source.auth.auth_url}/auth/tokens`, 'POST', { body });
    assert.equal(res.status, 401);
    assert.deepEqual(res.body.error, { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' });
    assert.match(res.headers.get('www-authenticate') ?? '', /^Keystone uri=/);
  }
  const malformed = await send(`${target.source.auth.auth_url}/auth/tokens`, 'POST', { body: { auth: {} } });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error.code, 400);
});

test('GET /v3/auth/tokens validates a subject token; DELETE revokes it', async () => {
  const s = await login(target.source);
  const other = await login(target.source);
  const ok = await s.request('identity', 'GET', '/auth/tokens', { headers: { 'x-subject-token': other.token } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('x-subject-token'), other.token);
  assert.equal(ok.body.token.project.id, other.projectId);
  const bogus = await s.request('identity', 'GET', '/auth/tokens', { headers: { 'x-subject-token': 'gAAAAAbogus' } });
  assert.equal(bogus.status, 404);
  assert.equal((await s.request('identity', 'DELETE', '/auth/tokens', { headers: { 'x-subject-token': other.token } })).status, 204);
  assert.equal((await other.request('identity', 'GET', '/auth/catalog')).status, 401);
});

test('application credentials: created once with a secret, usable to authenticate, listed without secret', async () => {
  const s = await login(target.source);
  const name = `contract-${Date.now()}`;
  const created = await s.request('identity', 'POST', `/users/${s.userId}/application_credentials`, { body: { application_credential: { name } } });
  assert.equal(created.status, 201);
  const cred = created.body.application_credential;
  assert.ok(cred.secret && cred.id);
  assert.equal(cred.project_id, s.projectId);
  const auth = await send(`${target.source.auth.auth_url}/auth/tokens`, 'POST', {
    body: { auth: { identity: { methods: ['application_credential'], application_credential: { id: cred.id, secret: cred.secret } } } },
  });
  assert.equal(auth.status, 201);
  assert.deepEqual(auth.body.token.methods, ['application_credential']);
  assert.equal(auth.body.token.project.id, s.projectId);
  assert.equal(auth.body.token.application_credential.id, cred.id);
  const wrong = await send(`${target.source.auth.auth_url}/auth/tokens`, 'POST', {
    body: { auth: { identity: { methods: ['application_credential'], application_credential: { id: cred.id, secret: 'nope' } } } },
  });
  assert.equal(wrong.status, 401);
  const listed = await s.request('identity', 'GET', `/users/${s.userId}/application_credentials`);
  const mine = listed.body.application_credentials.find((a: { id: string }) => a.id === cred.id);
  assert.ok(mine);
  assert.equal(mine.secret, undefined);
  const dup = await s.request('identity', 'POST', `/users/${s.userId}/application_credentials`, { body: { application_credential: { name } } });
  assert.equal(dup.status, 409);
  assert.equal((await s.request('identity', 'DELETE', `/users/${s.userId}/application_credentials/${cred.id}`)).status, 204);
});

test('policy: listing projects and users is admin-only; a member sees its own projects', async () => {
  const member = await login(target.source);
  const denied = await member.request('identity', 'GET', '/projects');
  assert.equal(denied.status, 403);
  assert.equal(denied.body.error.title, 'Forbidden');
  const own = await member.request('identity', 'GET', '/auth/projects');
  assert.ok(own.body.projects.some((p: { id: string }) => p.id === member.projectId));
  const admin = await login(target.admin);
  const projects = await admin.request('identity', 'GET', `/projects?name=${encodeURIComponent(target.source.auth.project_name)}`);
  assert.equal(projects.status, 200);
  assert.deepEqual(projects.body.projects.map((p: { id: string }) => p.id), [member.projectId]);
  assert.equal(projects.body.links.next, null);
  const users = await admin.request('identity', 'GET', '/users');
  assert.ok(users.body.users.some((u: { id: string; password?: string }) => u.id === member.userId && u.password === undefined));
  const roles = await admin.request('identity', 'GET', '/roles');
  assert.ok(roles.body.roles.some((r: { name: string }) => r.name === 'admin'));
  const assignments = await admin.request('identity', 'GET', `/role_assignments?user.id=${member.userId}&include_names`);
  assert.ok(assignments.body.role_assignments.some((a: any) => a.scope.project.id === member.projectId && a.role.name === 'member'));
  assert.equal((await member.request('identity', 'GET', `/projects/${member.projectId}`)).status, 200);
  assert.equal((await member.request('identity', 'GET', `/projects/${admin.projectId}`)).status, 403);
});

test('domains: a member reads its project\'s domain only; an admin lists them', async () => {
  const member = await login(target.source);
  const own = await member.request('identity', 'GET', '/domains/default');
  assert.equal(own.status, 200);
  assert.deepEqual(Object.keys(own.body.domain).sort(), ['description', 'enabled', 'id', 'links', 'name', 'options', 'tags']);
  assert.equal(own.body.domain.name, 'Default');
  assert.equal(own.body.domain.enabled, true);
  const other = await member.request('identity', 'GET', '/domains/not-a-domain');
  assert.equal(other.status, 403);
  assert.equal(other.body.error.message, 'You are not authorized to perform the requested action: identity:get_domain.');
  assert.equal((await member.request('identity', 'GET', '/domains')).status, 403);
  const admin = await login(target.admin);
  const all = await admin.request('identity', 'GET', '/domains');
  assert.equal(all.status, 200);
  assert.ok(all.body.domains.some((d: { id: string }) => d.id === 'default'));
  assert.equal((await admin.request('identity', 'GET', '/domains/not-a-domain')).status, 404);
});

/**
 * Keystone's identity records (projects, users, roles, role assignments, application credentials)
 * in cloud.state, seeded from the scenario. One domain, 'Default' (id 'default'), as DevStack has.
 * Passwords and secrets stay in these records and are never returned by any API.
 */
import type { SimCloud } from '../core/cloud.js';
import type { CloudScenario } from '../scenario.js';

export const DEFAULT_DOMAIN = { id: 'default', name: 'Default' } as const;

export interface Project {
  id: string;
  name: string;
  description: string;
  domain_id: string;
  enabled: boolean;
  is_domain: boolean;
  parent_id: string;
  tags: string[];
}
export interface User {
  id: string;
  name: string;
  domain_id: string;
  enabled: boolean;
  email?: string;
  default_project_id?: string;
  /** Private: compared on password auth, never serialised. */
  password: string;
}
export interface Role {
  id: string;
  name: string;
}
export interface RoleAssignment {
  id: string;
  userId: string;
  projectId: string;
  roleId: string;
}
export interface AppCredential {
  id: string;
  name: string;
  description: string | null;
  userId: string;
  projectId: string;
  roleIds: string[];
  /** Private: never serialised after creation. */
  secret: string;
  expires_at: string | null;
  unrestricted: boolean;
}

export const projects = (c: SimCloud) => c.state.collection<Project>('projects');
export const users = (c: SimCloud) => c.state.collection<User>('users');
export const roles = (c: SimCloud) => c.state.collection<Role>('roles');
export const assignments = (c: SimCloud) => c.state.collection<RoleAssignment>('role_assignments');
export const appCredentials = (c: SimCloud) => c.state.collection<AppCredential>('application_credentials');

export function projectByName(c: SimCloud, name: string): Project | undefined {
  return projects(c).find((p) => p.name === name);
}
export function userByName(c: SimCloud, name: string): User | undefined {
  return users(c).find((u) => u.name === name);
}
export function roleByName(c: SimCloud, name: string): Role | undefined {
  return roles(c).find((r) => r.name === name);
}
/** Role records a user holds on a project. */
export function rolesOn(c: SimCloud, userId: string, projectId: string): Role[] {
  return assignments(c)
    .filter((a) => a.userId === userId && a.projectId === projectId)
    .map((a) => roles(c).get(a.roleId))
    .filter((r): r is Role => r !== undefined);
}

/** Roles Keystone implies: admin ⊃ member ⊃ reader (as DevStack's bootstrap sets up). */
const implied: Record<string, string[]> = { admin: ['admin', 'member', 'reader'], member: ['member', 'reader'], reader: ['reader'] };

export function seedIdentity(c: SimCloud, scenario: CloudScenario): void {
  for (const name of ['admin', 'member', 'reader', 'service']) roles(c).put({ id: c.ids.hexId(), name });
  const wanted = scenario.projects.some((p) => p.name === 'admin') ? scenario.projects : [{ name: 'admin' }, ...scenario.projects];
  for (const p of wanted) {
    projects(c).put({
      id: p.id ?? c.ids.hexId(),
      name: p.name,
      description: ('description' in p ? p.description : undefined) ?? '',
      domain_id: DEFAULT_DOMAIN.id,
      enabled: true,
      is_domain: false,
      parent_id: DEFAULT_DOMAIN.id,
      tags: [],
    });
  }
  for (const u of scenario.users) {
    const project = projectByName(c, u.project);
    if (!project) throw new Error(`scenario user '${u.name}' names project '${u.project}', which the scenario does not define`);
    const user: User = { id: u.id ?? c.ids.hexId(), name: u.name, domain_id: DEFAULT_DOMAIN.id, enabled: true, default_project_id: project.id, password: u.password };
    if (u.email) user.email = u.email;
    users(c).put(user);
    const names = new Set((u.roles ?? ['member']).flatMap((r) => implied[r] ?? [r]));
    for (const name of names) {
      const role = roleByName(c, name) ?? roles(c).put({ id: c.ids.hexId(), name });
      assignments(c).put({ id: c.ids.hexId(), userId: user.id, projectId: project.id, roleId: role.id });
    }
  }
  for (const a of scenario.applicationCredentials ?? []) {
    const user = userByName(c, a.user);
    if (!user?.default_project_id) throw new Error(`scenario application credential '${a.name}' names unknown user '${a.user}'`);
    const held = rolesOn(c, user.id, user.default_project_id);
    const roleIds = a.roles ? held.filter((r) => a.roles!.includes(r.name)).map((r) => r.id) : held.map((r) => r.id);
    appCredentials(c).put({
      id: a.id ?? c.ids.hexId(),
      name: a.name,
      description: null,
      userId: user.id,
      projectId: user.default_project_id,
      roleIds,
      secret: a.secret,
      expires_at: null,
      unrestricted: false,
    });
  }
}

export function projectView(p: Project, origin: string) {
  const { id, name, description, domain_id, enabled, is_domain, parent_id, tags } = p;
  return { id, name, description, domain_id, enabled, is_domain, parent_id, tags, options: {}, links: { self: `${origin}/v3/projects/${id}` } };
}
export function userView(u: User, origin: string) {
  return {
    id: u.id,
    name: u.name,
    domain_id: u.domain_id,
    enabled: u.enabled,
    ...(u.email ? { email: u.email } : {}),
    ...(u.default_project_id ? { default_project_id: u.default_project_id } : {}),
    password_expires_at: null,
    options: {},
    links: { self: `${origin}/v3/users/${u.id}` },
  };
}
export function roleView(r: Role, origin: string) {
  return { id: r.id, name: r.name, domain_id: null, description: null, options: {}, links: { self: `${origin}/v3/roles/${r.id}` } };
}

/**
 * OS-Migrate name references. A resource of the exporting project is `%auth%`-scoped so the
 * file imports into whichever project the destination credentials name; a resource of another
 * project (the admin-owned `public` network) carries that project's and domain's names when
 * Keystone lets us read them (with --admin-cloud it can). When it answers 403, project_name is
 * the owner's id: OS-Migrate writes null there, but null reads as "this project" to the
 * validator, and the reference must stay marked as pointing outside the project.
 */
import type { OpenStackClient } from '../executors/openstack/client.js';
import { getDomain, getProject } from '../executors/openstack/keystone.js';
import { StackshiftError } from '../errors.js';
import type { Ref } from './types.js';

export const AUTH = '%auth%';

export interface ProjectNames {
  project: string | null;
  domain: string | null;
}

/** Looks up the names of foreign projects, tolerating 403/404 (as OS-Migrate does). */
export async function lookupProjects(client: OpenStackClient, ids: Iterable<string>): Promise<Map<string, ProjectNames>> {
  const out = new Map<string, ProjectNames>();
  const tolerate = (err: unknown) => {
    if (err instanceof StackshiftError && (err.data.status === 403 || err.data.status === 404 || err.data.status === 401)) return undefined;
    throw err;
  };
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      const project = await getProject(client, id).catch(tolerate);
      const domain = project ? await getDomain(client, project.domain_id).catch(tolerate) : undefined;
      // Keystone's built-in domain has the well-known id 'default' and name 'Default'.
      const domainName = domain?.name ?? (project?.domain_id === 'default' ? 'Default' : null);
      out.set(id, { project: project?.name ?? null, domain: domainName });
    }),
  );
  return out;
}

export function makeRef(ownProjectId: string, foreign: Map<string, ProjectNames>) {
  return (name: string, projectId: string | undefined): Ref => {
    if (projectId === undefined || projectId === ownProjectId) return { name, project_name: AUTH, domain_name: AUTH };
    const names = foreign.get(projectId);
    return { name, project_name: names?.project ?? projectId, domain_name: names?.domain ?? null };
  };
}

/** A reference to a project-less thing (a public flavor). */
export function globalRef(name: string): Ref {
  return { name, project_name: null, domain_name: null };
}

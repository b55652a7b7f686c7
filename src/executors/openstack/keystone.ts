/**
 * Keystone (identity v3): the projects and users that `*_ref` names point at.
 */
import type { OpenStackClient, Query } from './client.js';

export interface Project {
  id: string;
  name: string;
  domain_id: string;
  description?: string;
  enabled?: boolean;
  parent_id?: string | null;
}
export interface User {
  id: string;
  name: string;
  domain_id: string;
  default_project_id?: string;
  enabled?: boolean;
}
export interface Domain {
  id: string;
  name: string;
}

export async function getProject(c: OpenStackClient, id: string): Promise<Project> {
  return (await c.request<{ project: Project }>({ service: 'identity', method: 'GET', path: `/projects/${id}` })).body.project;
}
export async function listProjects(c: OpenStackClient, query: Query = {}): Promise<Project[]> {
  return (await c.request<{ projects: Project[] }>({ service: 'identity', method: 'GET', path: '/projects', query })).body.projects;
}
/** The projects a user may scope to: works for non-admin users, unlike listProjects. */
export async function listUserProjects(c: OpenStackClient, userId: string): Promise<Project[]> {
  return (await c.request<{ projects: Project[] }>({ service: 'identity', method: 'GET', path: `/users/${userId}/projects` })).body.projects;
}
export async function getUser(c: OpenStackClient, id: string): Promise<User> {
  return (await c.request<{ user: User }>({ service: 'identity', method: 'GET', path: `/users/${id}` })).body.user;
}
export async function getDomain(c: OpenStackClient, id: string): Promise<Domain> {
  return (await c.request<{ domain: Domain }>({ service: 'identity', method: 'GET', path: `/domains/${id}` })).body.domain;
}

/**
 * Nova (compute v2.1): flavors (+extra specs, access), keypairs, servers (+actions, volume
 * attachments), migrations, services, hypervisors. Calls that need a microversion ask for it, so
 * an old cloud fails with E_MICROVERSION_UNSUPPORTED rather than with a surprising body.
 */
import type { OpenStackClient, Query } from './client.js';
import { collection } from './collection.js';
import { listAll } from './pagination.js';

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  'OS-FLV-EXT-DATA:ephemeral'?: number;
  swap?: number | '';
  rxtx_factor?: number;
  'os-flavor-access:is_public'?: boolean;
  'OS-FLV-DISABLED:disabled'?: boolean;
  description?: string | null;
  /** Present from microversion 2.61. */
  extra_specs?: Record<string, string>;
}
export interface Keypair {
  name: string;
  public_key: string;
  fingerprint: string;
  type?: 'ssh' | 'x509';
  user_id?: string;
  id?: number | string;
  created_at?: string;
}
export interface Server {
  id: string;
  name: string;
  status: string;
  tenant_id?: string;
  user_id?: string;
  /** '' when the server boots from a volume. */
  image: { id: string } | '';
  /** {id} before 2.47; {original_name, vcpus, ram, disk, extra_specs…} from 2.47. */
  flavor: { id?: string; original_name?: string; [k: string]: unknown };
  addresses?: Record<string, { addr: string; version: number; 'OS-EXT-IPS-MAC:mac_addr'?: string; 'OS-EXT-IPS:type'?: string }[]>;
  key_name?: string | null;
  metadata?: Record<string, string>;
  security_groups?: { name: string }[];
  'OS-EXT-AZ:availability_zone'?: string;
  'OS-EXT-SRV-ATTR:host'?: string | null;
  'OS-EXT-SRV-ATTR:hypervisor_hostname'?: string | null;
  'OS-DCF:diskConfig'?: string;
  'OS-SRV-USG:launched_at'?: string | null;
  'os-extended-volumes:volumes_attached'?: { id: string; delete_on_termination?: boolean }[];
  config_drive?: string | boolean;
  description?: string | null;
  tags?: string[];
  created?: string;
  updated?: string;
  [field: string]: unknown;
}
export interface VolumeAttachment {
  id: string;
  volumeId: string;
  serverId: string;
  device: string | null;
  tag?: string | null;
  delete_on_termination?: boolean;
}
export interface Migration {
  id: number;
  uuid?: string;
  instance_uuid: string;
  status: string;
  migration_type: string;
  source_compute: string | null;
  dest_compute: string | null;
  created_at?: string;
  updated_at?: string;
}
export interface ComputeService {
  id: string | number;
  binary: string;
  host: string;
  zone?: string;
  status: 'enabled' | 'disabled';
  state: 'up' | 'down';
  disabled_reason?: string | null;
  forced_down?: boolean;
}
export interface Hypervisor {
  id: string | number;
  hypervisor_hostname: string;
  state?: 'up' | 'down';
  status?: 'enabled' | 'disabled';
  service?: { host: string; id: string | number };
  servers?: { uuid: string; name: string }[];
  [field: string]: unknown;
}

const flavors = collection<Flavor>({ service: 'compute', path: '/flavors', listPath: '/flavors/detail', singular: 'flavor', plural: 'flavors', pageSize: 1000 });
const servers = collection<Server>({ service: 'compute', path: '/servers', listPath: '/servers/detail', singular: 'server', plural: 'servers', pageSize: 1000 });

/** Flavors with extra specs inline (2.61) when the cloud has it; else one call per flavor. */
export async function listFlavors(c: OpenStackClient, query: Query = { is_public: 'None' }): Promise<Flavor[]> {
  if (await c.supports('compute', '2.61')) {
    return listAll<Flavor>(c, { service: 'compute', path: '/flavors/detail', query, microversion: '2.61' }, { key: 'flavors', pageSize: 1000 });
  }
  return flavors.list(c, query);
}
export const getFlavor = flavors.get;
export const createFlavor = flavors.create;
export const deleteFlavor = flavors.remove;
export async function getFlavorExtraSpecs(c: OpenStackClient, flavorId: string): Promise<Record<string, string>> {
  return (await c.request<{ extra_specs: Record<string, string> }>({ service: 'compute', method: 'GET', path: `/flavors/${flavorId}/os-extra_specs` })).body.extra_specs ?? {};
}
export async function setFlavorExtraSpecs(c: OpenStackClient, flavorId: string, specs: Record<string, string>): Promise<Record<string, string>> {
  return (await c.request<{ extra_specs: Record<string, string> }>({ service: 'compute', method: 'POST', path: `/flavors/${flavorId}/os-extra_specs`, body: { extra_specs: specs }, idempotent: true })).body.extra_specs;
}
export async function deleteFlavorExtraSpec(c: OpenStackClient, flavorId: string, key: string): Promise<void> {
  await c.request({ service: 'compute', method: 'DELETE', path: `/flavors/${flavorId}/os-extra_specs/${encodeURIComponent(key)}` });
}
export async function listFlavorAccess(c: OpenStackClient, flavorId: string): Promise<{ flavor_id: string; tenant_id: string }[]> {
  return (await c.request<{ flavor_access: { flavor_id: string; tenant_id: string }[] }>({ service: 'compute', method: 'GET', path: `/flavors/${flavorId}/os-flavor-access` })).body.flavor_access;
}
export async function addFlavorAccess(c: OpenStackClient, flavorId: string, projectId: string): Promise<void> {
  await c.request({ service: 'compute', method: 'POST', path: `/flavors/${flavorId}/action`, body: { addTenantAccess: { tenant: projectId } } });
}
export async function removeFlavorAccess(c: OpenStackClient, flavorId: string, projectId: string): Promise<void> {
  await c.request({ service: 'compute', method: 'POST', path: `/flavors/${flavorId}/action`, body: { removeTenantAccess: { tenant: projectId } } });
}

/** Keypairs with their type (2.2); the list wraps each in {keypair}. */
export async function listKeypairs(c: OpenStackClient): Promise<Keypair[]> {
  const res = await c.request<{ keypairs: { keypair: Keypair }[] }>({ service: 'compute', method: 'GET', path: '/os-keypairs', microversion: '2.2' });
  return res.body.keypairs.map((k) => k.keypair);
}
export async function getKeypair(c: OpenStackClient, name: string): Promise<Keypair> {
  return (await c.request<{ keypair: Keypair }>({ service: 'compute', method: 'GET', path: `/os-keypairs/${encodeURIComponent(name)}`, microversion: '2.2' })).body.keypair;
}
export async function createKeypair(c: OpenStackClient, body: { name: string; public_key: string; type?: string }): Promise<Keypair> {
  return (await c.request<{ keypair: Keypair }>({ service: 'compute', method: 'POST', path: '/os-keypairs', body: { keypair: body }, microversion: '2.2' })).body.keypair;
}
export async function deleteKeypair(c: OpenStackClient, name: string): Promise<void> {
  await c.request({ service: 'compute', method: 'DELETE', path: `/os-keypairs/${encodeURIComponent(name)}` });
}

/** Servers in detail; from 2.47 the flavor is embedded by name, which export prefers. */
export async function listServers(c: OpenStackClient, query: Query = {}): Promise<Server[]> {
  const microversion = (await c.supports('compute', '2.47')) ? '2.47' : undefined;
  return listAll<Server>(c, { service: 'compute', path: '/servers/detail', query, ...(microversion ? { microversion } : {}) }, { key: 'servers', pageSize: 1000 });
}
export const getServer = servers.get;
export const updateServer = servers.update;
export const deleteServer = servers.remove;
export async function createServer(c: OpenStackClient, server: Record<string, unknown>, schedulerHints?: Record<string, unknown>): Promise<Server> {
  const body = { server, ...(schedulerHints ? { 'os:scheduler_hints': schedulerHints } : {}) };
  return (await c.request<{ server: Server }>({ service: 'compute', method: 'POST', path: '/servers', body })).body.server;
}
/** POST /servers/{id}/action with one action, e.g. {'os-start': null}. */
export async function serverAction(c: OpenStackClient, id: string, action: Record<string, unknown>, microversion?: string): Promise<void> {
  await c.request({ service: 'compute', method: 'POST', path: `/servers/${id}/action`, body: action, ...(microversion ? { microversion } : {}) });
}
export const startServer = (c: OpenStackClient, id: string) => serverAction(c, id, { 'os-start': null });
export const stopServer = (c: OpenStackClient, id: string) => serverAction(c, id, { 'os-stop': null });
/** Live migration; host null lets the scheduler choose (2.30 adds `force`, 2.25 auto block migration). */
export const liveMigrateServer = (c: OpenStackClient, id: string, host: string | null) =>
  serverAction(c, id, { 'os-migrateLive': { host, block_migration: 'auto' } }, '2.25');

export async function listVolumeAttachments(c: OpenStackClient, serverId: string): Promise<VolumeAttachment[]> {
  return (await c.request<{ volumeAttachments: VolumeAttachment[] }>({ service: 'compute', method: 'GET', path: `/servers/${serverId}/os-volume_attachments` })).body.volumeAttachments;
}
export async function attachVolume(c: OpenStackClient, serverId: string, volumeId: string, device?: string): Promise<VolumeAttachment> {
  const body = { volumeAttachment: { volumeId, ...(device ? { device } : {}) } };
  return (await c.request<{ volumeAttachment: VolumeAttachment }>({ service: 'compute', method: 'POST', path: `/servers/${serverId}/os-volume_attachments`, body })).body.volumeAttachment;
}
export async function detachVolume(c: OpenStackClient, serverId: string, volumeId: string): Promise<void> {
  await c.request({ service: 'compute', method: 'DELETE', path: `/servers/${serverId}/os-volume_attachments/${volumeId}` });
}

export async function listMigrations(c: OpenStackClient, query: Query = {}): Promise<Migration[]> {
  return (await c.request<{ migrations: Migration[] }>({ service: 'compute', method: 'GET', path: '/os-migrations', query })).body.migrations;
}
export async function listComputeServices(c: OpenStackClient, query: Query = { binary: 'nova-compute' }): Promise<ComputeService[]> {
  return (await c.request<{ services: ComputeService[] }>({ service: 'compute', method: 'GET', path: '/os-services', query, microversion: '2.53' })).body.services;
}
/** Enables or disables a compute service (2.53: by service id). */
export async function updateComputeService(c: OpenStackClient, serviceId: string, body: { status?: 'enabled' | 'disabled'; disabled_reason?: string; forced_down?: boolean }): Promise<ComputeService> {
  return (await c.request<{ service: ComputeService }>({ service: 'compute', method: 'PUT', path: `/os-services/${serviceId}`, body, microversion: '2.53' })).body.service;
}
export async function deleteComputeService(c: OpenStackClient, serviceId: string): Promise<void> {
  await c.request({ service: 'compute', method: 'DELETE', path: `/os-services/${serviceId}`, microversion: '2.53' });
}
export async function listHypervisors(c: OpenStackClient, query: Query = {}): Promise<Hypervisor[]> {
  return listAll<Hypervisor>(c, { service: 'compute', path: '/os-hypervisors/detail', query, microversion: '2.53' }, { key: 'hypervisors' });
}

export interface ServerGroup {
  id: string;
  name: string;
  /** From 2.64; earlier clouds answer `policies: [one]`, which listServerGroups folds into this. */
  policy: string;
  rules?: Record<string, number>;
  members: string[];
  project_id?: string;
}
/** Every project's server groups (admin, all_projects), with the single `policy` of 2.64 when the cloud has it. */
export async function listServerGroups(c: OpenStackClient, pageSize = 1000): Promise<ServerGroup[]> {
  const microversion = (await c.supports('compute', '2.64')) ? '2.64' : '2.13';
  const all: ServerGroup[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const query = { all_projects: 'True', limit: String(pageSize), offset: String(offset) };
    const page = (await c.request<{ server_groups: (ServerGroup & { policies?: string[] })[] }>({ service: 'compute', method: 'GET', path: '/os-server-groups', query, microversion })).body.server_groups;
    all.push(...page.map((g) => ({ ...g, policy: g.policy ?? g.policies?.[0] ?? '' })));
    if (page.length < pageSize) return all;
  }
}

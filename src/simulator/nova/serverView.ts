/**
 * Server bodies as Nova renders them (api_samples/servers/v2.96): the summary for GET /servers,
 * the full record for show/detail, and admin-only OS-EXT-SRV-ATTR fields for admins.
 */
import { createHash } from 'node:crypto';
import type { Microversion } from '../core/microversion.js';
import { atLeast as isAtLeast } from '../core/microversion.js';
import type { Server } from './model.js';
import { serverStatus } from './states.js';

export interface ViewContext {
  baseUrl: string; // http://127.0.0.1:port/v2.1
  projectId: string;
  version: Microversion;
  isAdmin: boolean;
}

export type Addresses = Record<string, Array<{ addr: string; version: number; mac: string }>>;

export function links(ctx: ViewContext, collection: string, id: string | number): unknown[] {
  const root = ctx.baseUrl.replace(/\/v2\.1$/, '');
  return [
    { href: `${ctx.baseUrl}/${ctx.projectId}/${collection}/${id}`, rel: 'self' },
    { href: `${root}/${ctx.projectId}/${collection}/${id}`, rel: 'bookmark' },
  ];
}

export function serverSummary(ctx: ViewContext, server: Server): Record<string, unknown> {
  return { id: server.id, links: links(ctx, 'servers', server.id), name: server.name };
}

/** hostId: sha224(project + host), as Nova computes it; '' when unplaced. */
export function hostId(projectId: string, host: string | null): string {
  if (!host) return '';
  return createHash('sha224').update(projectId + host).digest('hex');
}

export function serverDetail(ctx: ViewContext, server: Server, addresses: Addresses): Record<string, unknown> {
  const v = ctx.version;
  const body: Record<string, unknown> = {
    id: server.id,
    name: server.name,
    status: serverStatus(server.vmState, server.taskState),
    tenant_id: server.projectId,
    user_id: server.userId,
    metadata: server.metadata,
    hostId: hostId(server.projectId, server.host),
    image: server.imageId ? { id: server.imageId, links: links(ctx, 'images', server.imageId).slice(1) } : '',
    flavor: flavorOfServer(ctx, server),
    created: server.createdAt,
    updated: server.updatedAt,
    addresses: renderAddresses(addresses),
    accessIPv4: '',
    accessIPv6: '',
    links: links(ctx, 'servers', server.id),
    key_name: server.keyName,
    config_drive: '',
    'OS-DCF:diskConfig': 'MANUAL',
    'OS-EXT-AZ:availability_zone': server.availabilityZone,
    'OS-EXT-STS:vm_state': server.vmState,
    'OS-EXT-STS:task_state': server.taskState,
    'OS-EXT-STS:power_state': server.powerState,
    'OS-SRV-USG:launched_at': server.launchedAt,
    'OS-SRV-USG:terminated_at': null,
    'os-extended-volumes:volumes_attached': server.volumes.map((a) =>
      isAtLeast(v, '2.3') ? { id: a.volumeId, delete_on_termination: a.deleteOnTermination } : { id: a.volumeId },
    ),
    security_groups: server.securityGroups.map((name) => ({ name })),
  };
  // Nova shows progress only while a server is in one of these statuses.
  if (['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING'].includes(body.status as string)) body.progress = 0;
  if (server.fault && (server.vmState === 'error' || server.vmState === 'deleted')) {
    body.fault = { code: server.fault.code, message: server.fault.message, created: server.fault.created, ...(ctx.isAdmin ? { details: server.fault.details } : {}) };
  }
  if (ctx.isAdmin) {
    body['OS-EXT-SRV-ATTR:host'] = server.host;
    body['OS-EXT-SRV-ATTR:hypervisor_hostname'] = server.host;
    body['OS-EXT-SRV-ATTR:instance_name'] = `instance-${server.id.slice(0, 8)}`;
    if (isAtLeast(v, '2.3')) {
      body['OS-EXT-SRV-ATTR:reservation_id'] = `r-${server.id.slice(0, 8)}`;
      body['OS-EXT-SRV-ATTR:launch_index'] = 0;
      body['OS-EXT-SRV-ATTR:kernel_id'] = '';
      body['OS-EXT-SRV-ATTR:ramdisk_id'] = '';
      body['OS-EXT-SRV-ATTR:root_device_name'] = '/dev/vda';
    }
  }
  if (isAtLeast(v, '2.3') && (ctx.isAdmin || isAtLeast(v, '2.90'))) body['OS-EXT-SRV-ATTR:hostname'] = server.name;
  if (isAtLeast(v, '2.9')) body.locked = server.locked;
  if (isAtLeast(v, '2.19')) body.description = server.description;
  if (isAtLeast(v, '2.26')) body.tags = server.tags;
  if (isAtLeast(v, '2.63')) body.trusted_image_certificates = null;
  if (isAtLeast(v, '2.73')) body.locked_reason = null;
  if (isAtLeast(v, '2.96')) body.pinned_availability_zone = null;
  return body;
}

function flavorOfServer(ctx: ViewContext, server: Server): Record<string, unknown> {
  const f = server.flavor;
  if (!isAtLeast(ctx.version, '2.47')) return { id: f.id, links: links(ctx, 'flavors', f.id).slice(1) };
  return { vcpus: f.vcpus, ram: f.ram, disk: f.disk, ephemeral: f.ephemeral, swap: f.swap, original_name: f.name, extra_specs: f.extraSpecs };
}

function renderAddresses(addresses: Addresses): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [network, entries] of Object.entries(addresses)) {
    out[network] = entries.map((e) => ({ addr: e.addr, version: e.version, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': e.mac }));
  }
  return out;
}

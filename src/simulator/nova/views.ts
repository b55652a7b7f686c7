/**
 * Bodies of Nova's non-server resources (flavors, keypairs, services, hypervisors, migrations,
 * instance actions, volume attachments) per microversion, after doc/api_samples.
 */
import { atLeast as isAtLeast } from '../core/microversion.js';
import type { ComputeHost as CoreHost } from '../core/hosts.js';
import type { ComputeService, Flavor, InstanceAction, Keypair, Migration, Server, VolumeAttachmentRecord } from './model.js';
import { links, type ViewContext } from './serverView.js';

export function flavorView(ctx: ViewContext, f: Flavor, detail: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { id: f.id, links: links(ctx, 'flavors', f.id), name: f.name };
  if (isAtLeast(ctx.version, '2.55')) body.description = f.description;
  if (!detail) return body;
  Object.assign(body, {
    ram: f.ram,
    disk: f.disk,
    vcpus: f.vcpus,
    swap: isAtLeast(ctx.version, '2.75') ? f.swap : f.swap === 0 ? '' : f.swap,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    'OS-FLV-DISABLED:disabled': f.disabled,
    'os-flavor-access:is_public': f.isPublic,
    rxtx_factor: f.rxtxFactor,
  });
  if (isAtLeast(ctx.version, '2.61')) body.extra_specs = f.extraSpecs;
  return body;
}

export function keypairView(ctx: ViewContext, k: Keypair, full: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { name: k.name, public_key: k.publicKey, fingerprint: k.fingerprint };
  if (isAtLeast(ctx.version, '2.2')) body.type = k.type;
  if (full) Object.assign(body, { user_id: k.userId, created_at: k.createdAt, deleted: false, deleted_at: null, updated_at: null, id: k.numericId });
  return body;
}

export function serviceView(ctx: ViewContext, h: ComputeService, zone: string, state: 'up' | 'down'): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: isAtLeast(ctx.version, '2.53') ? h.serviceId : h.serviceNumericId,
    binary: 'nova-compute',
    host: h.id,
    zone,
    status: h.status,
    state,
    updated_at: h.updatedAt,
    disabled_reason: h.disabledReason,
  };
  if (isAtLeast(ctx.version, '2.11')) body.forced_down = h.forcedDown;
  return body;
}

export function hypervisorView(
  ctx: ViewContext,
  h: ComputeService,
  host: CoreHost,
  detail: boolean,
  servers: Server[] | undefined,
  used: { vcpus: number; memoryMb: number; diskGb: number; runningVms: number },
  state: 'up' | 'down',
): Record<string, unknown> {
  const uuids = isAtLeast(ctx.version, '2.53');
  const body: Record<string, unknown> = {
    id: uuids ? host.id : h.hypervisorNumericId,
    hypervisor_hostname: h.id,
    state,
    status: h.status,
  };
  if (servers !== undefined && servers.length > 0) body.servers = servers.map((s) => ({ name: s.name, uuid: s.id }));
  else if (servers !== undefined && !uuids) body.servers = [];
  if (!detail) return body;
  Object.assign(body, {
    host_ip: h.hostIp,
    hypervisor_type: 'QEMU',
    hypervisor_version: 8002000,
    service: { host: h.id, id: uuids ? h.serviceId : h.serviceNumericId, disabled_reason: h.disabledReason },
  });
  if (isAtLeast(ctx.version, '2.88')) {
    body.uptime = null;
    return body;
  }
  Object.assign(body, {
    vcpus: host.capacity.VCPU,
    memory_mb: host.capacity.MEMORY_MB,
    local_gb: host.capacity.DISK_GB,
    vcpus_used: used.vcpus,
    memory_mb_used: used.memoryMb,
    local_gb_used: used.diskGb,
    free_ram_mb: host.capacity.MEMORY_MB - used.memoryMb,
    free_disk_gb: host.capacity.DISK_GB - used.diskGb,
    disk_available_least: host.capacity.DISK_GB - used.diskGb,
    running_vms: used.runningVms,
    current_workload: 0,
    // A JSON string before 2.28, an object from 2.28 (os-hypervisors api-ref).
    cpu_info: isAtLeast(ctx.version, '2.28') ? { arch: 'x86_64', model: 'Nehalem', vendor: 'Intel', features: [], topology: { cores: 1, threads: 1, sockets: host.capacity.VCPU } } : '{"arch": "x86_64", "model": "Nehalem", "vendor": "Intel"}',
  });
  return body;
}

export function migrationView(ctx: ViewContext, m: Migration, perServer: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: m.numericId,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    source_compute: m.sourceCompute,
    source_node: m.sourceCompute,
    dest_compute: m.destCompute,
    dest_node: m.destCompute,
    dest_host: null,
    status: m.status,
  };
  if (perServer) {
    Object.assign(body, {
      server_uuid: m.instanceUuid,
      memory_total_bytes: m.memoryTotalBytes,
      memory_processed_bytes: m.memoryProcessedBytes,
      memory_remaining_bytes: m.memoryTotalBytes - m.memoryProcessedBytes,
      disk_total_bytes: 0,
      disk_processed_bytes: 0,
      disk_remaining_bytes: 0,
    });
  } else {
    Object.assign(body, { instance_uuid: m.instanceUuid, old_instance_type_id: m.flavorId, new_instance_type_id: m.flavorId });
    if (isAtLeast(ctx.version, '2.23')) body.migration_type = m.migrationType;
    if (isAtLeast(ctx.version, '2.23') && m.migrationType === 'live-migration' && ['queued', 'preparing', 'running'].includes(m.status)) {
      body.links = links(ctx, `servers/${m.instanceUuid}/migrations`, m.numericId);
    }
  }
  if (isAtLeast(ctx.version, '2.59')) body.uuid = m.id;
  if (isAtLeast(ctx.version, '2.80')) Object.assign(body, { user_id: m.userId, project_id: m.projectId });
  return body;
}

export function instanceActionView(ctx: ViewContext, a: InstanceAction, withEvents: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    action: a.action,
    instance_uuid: a.instanceUuid,
    message: a.message,
    project_id: a.projectId,
    request_id: a.requestId,
    start_time: a.startTime,
    user_id: a.userId,
  };
  if (isAtLeast(ctx.version, '2.58')) body.updated_at = a.updatedAt;
  if (withEvents) {
    body.events = a.events.map((e) => {
      const event: Record<string, unknown> = { event: e.event, start_time: e.startTime, finish_time: e.finishTime, result: e.result };
      if (ctx.isAdmin) event.traceback = e.traceback;
      if (isAtLeast(ctx.version, '2.62')) Object.assign(event, ctx.isAdmin ? { host: e.host } : {}, { hostId: '' });
      if (isAtLeast(ctx.version, '2.84')) event.details = e.details;
      return event;
    });
  }
  return body;
}

export function volumeAttachmentView(ctx: ViewContext, serverId: string, a: VolumeAttachmentRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { device: a.device, serverId, volumeId: a.volumeId };
  if (isAtLeast(ctx.version, '2.89')) Object.assign(body, { attachment_id: a.attachmentId, bdm_uuid: a.bdmUuid });
  else body.id = a.volumeId;
  if (isAtLeast(ctx.version, '2.70')) body.tag = a.tag;
  if (isAtLeast(ctx.version, '2.79')) body.delete_on_termination = a.deleteOnTermination;
  return body;
}

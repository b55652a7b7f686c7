/**
 * Cinder v3 bodies per microversion, after cinder/api/v3/views and api-ref samples (v3.69).
 */
import type { Microversion } from '../core/microversion.js';
import { atLeast as isAtLeast } from '../core/microversion.js';
import type { Attachment, Snapshot, Volume, VolumeType } from './model.js';

export interface CinderViewContext {
  baseUrl: string; // http://127.0.0.1:port/v3
  projectId: string;
  version: Microversion;
  isAdmin: boolean;
}

function links(ctx: CinderViewContext, collection: string, id: string): unknown[] {
  const root = ctx.baseUrl.replace(/\/v3$/, '');
  return [
    { href: `${ctx.baseUrl}/${ctx.projectId}/${collection}/${id}`, rel: 'self' },
    { href: `${root}/${ctx.projectId}/${collection}/${id}`, rel: 'bookmark' },
  ];
}

export function volumeSummary(ctx: CinderViewContext, v: Volume): Record<string, unknown> {
  return { id: v.id, name: v.name, links: links(ctx, 'volumes', v.id) };
}

export function volumeDetail(ctx: CinderViewContext, v: Volume, type: VolumeType | undefined, attachments: Attachment[]): Record<string, unknown> {
  const mv = ctx.version;
  const body: Record<string, unknown> = {
    id: v.id,
    status: v.status,
    size: v.size,
    availability_zone: v.availabilityZone,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
    name: v.name,
    description: v.description,
    volume_type: type?.name ?? null,
    snapshot_id: v.snapshotId,
    source_volid: v.sourceVolid,
    metadata: v.metadata,
    links: links(ctx, 'volumes', v.id),
    user_id: v.userId,
    bootable: String(v.bootable),
    encrypted: false,
    replication_status: null,
    consistencygroup_id: null,
    multiattach: v.multiattach,
    attachments: attachments
      .filter((a) => a.status === 'attached')
      .map((a) => ({
        id: v.id,
        attachment_id: a.id,
        volume_id: v.id,
        server_id: a.instanceUuid,
        host_name: ctx.isAdmin ? 'conversion-host' : null,
        device: a.mountpoint,
        attached_at: a.attachedAt,
      })),
    'os-vol-tenant-attr:tenant_id': v.projectId,
  };
  if (v.imageMetadata) body.volume_image_metadata = v.imageMetadata;
  if (ctx.isAdmin) {
    Object.assign(body, {
      migration_status: null,
      'os-vol-host-attr:host': v.host,
      'os-vol-mig-status-attr:migstat': null,
      'os-vol-mig-status-attr:name_id': null,
    });
  }
  if (isAtLeast(mv, '3.13')) body.group_id = null;
  if (isAtLeast(mv, '3.21') && ctx.isAdmin) body.provider_id = null;
  if (isAtLeast(mv, '3.48')) Object.assign(body, { service_uuid: null, shared_targets: isAtLeast(mv, '3.69') ? null : false });
  if (isAtLeast(mv, '3.61') && ctx.isAdmin) body.cluster_name = null;
  if (isAtLeast(mv, '3.63')) body.volume_type_id = v.volumeTypeId;
  if (isAtLeast(mv, '3.64')) body.encryption_key_id = null;
  if (isAtLeast(mv, '3.65')) body.consumes_quota = true;
  return body;
}

export function snapshotView(ctx: CinderViewContext, s: Snapshot, detail: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: s.id,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    name: s.name,
    description: s.description,
    volume_id: s.volumeId,
    status: s.status,
    size: s.size,
    metadata: s.metadata,
  };
  if (!detail) return body;
  Object.assign(body, {
    'os-extended-snapshot-attributes:progress': s.status === 'available' ? '100%' : '0%',
    'os-extended-snapshot-attributes:project_id': s.projectId,
  });
  if (isAtLeast(ctx.version, '3.14')) body.group_snapshot_id = null;
  if (isAtLeast(ctx.version, '3.41')) body.user_id = s.userId;
  if (isAtLeast(ctx.version, '3.65')) body.consumes_quota = true;
  return body;
}

export function volumeTypeView(t: VolumeType, isAdmin = false): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    description: t.description,
    is_public: t.isPublic,
    'os-volume-type-access:is_public': t.isPublic,
    extra_specs: t.extraSpecs,
  };
  if (isAdmin) body.qos_specs_id = null; // shown to admins only
  return body;
}

export function attachmentView(a: Attachment, detail: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { id: a.id, status: a.status, instance: a.instanceUuid, volume_id: a.volumeId };
  if (!detail) return body;
  return {
    ...body,
    attached_at: a.attachedAt,
    detached_at: a.detachedAt,
    attach_mode: a.attachMode,
    connection_info: a.connector ? { driver_volume_type: 'simulated', data: { volume_id: a.volumeId, access_mode: a.attachMode } } : {},
  };
}

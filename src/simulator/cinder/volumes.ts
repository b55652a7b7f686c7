/**
 * /v3/{project_id}/volumes: create (blank, from a snapshot, a volume or an image; creating →
 * [downloading →] available, or error), list/detail with filters and paging, show, update and
 * asynchronous delete with Cinder's status rules.
 */
import { rmSync } from 'node:fs';
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import { findImage } from '../nova/images.js';
import { body, checkVolumeQuota, isAdmin, listLinks, projectOf, viewOf, visibleVolume } from './common.js';
import { copySparse, fillFromImage, newVolumeRecord } from './create.js';
import type { Volume } from './model.js';
import { GiB } from './model.js';
import { activeAttachments, attachments, snapshots, stamp, volumeTypes, volumes } from './store.js';
import { volumeDetail, volumeSummary } from './views.js';

export function volumeRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/volumes`, (ctx) => list(ctx, false));
  t.get(`${p}/volumes/detail`, (ctx) => list(ctx, true));
  t.get(`${p}/volumes/{volume_id}`, (ctx) => json(200, { volume: detail(ctx, visibleVolume(ctx, ctx.params.volume_id!)) }));
  t.post(`${p}/volumes`, create);
  t.put(`${p}/volumes/{volume_id}`, update);
  t.delete(`${p}/volumes/{volume_id}`, remove);
}

export function detail(ctx: RequestContext, v: Volume): Record<string, unknown> {
  return volumeDetail(viewOf(ctx), v, volumeTypes(ctx.cloud).get(v.volumeTypeId), activeAttachments(ctx.cloud, v.id));
}

function list(ctx: RequestContext, withDetail: boolean) {
  const q = ctx.query;
  const all = isAdmin(ctx) && ['1', 'true', 'True'].includes(q.get('all_tenants') ?? '');
  for (const v of volumes(ctx.cloud).values()) ctx.cloud.progression.observe('volume', v.id);
  const rows = volumes(ctx.cloud)
    .values()
    .filter((v) => all || v.projectId === projectOf(ctx))
    .filter((v) => !q.get('name') || v.name === q.get('name'))
    .filter((v) => !q.get('status') || v.status === q.get('status'))
    .filter((v) => !q.get('bootable') || String(v.bootable) === q.get('bootable'))
    .reverse(); // Cinder sorts created_at desc by default
  const page = paginate(rows, q, { badMarker: (m) => new ApiError(404, `Marker ${m} could not be found.`) });
  return json(200, {
    volumes: page.items.map((v) => (withDetail ? detail(ctx, v) : volumeSummary(viewOf(ctx), v))),
    ...listLinks(ctx, withDetail ? 'volumes/detail' : 'volumes', page.nextMarker),
    ...(q.get('with_count') === 'true' ? { count: rows.length } : {}),
  });
}

function create(ctx: RequestContext) {
  const b = body(ctx, 'volume');
  const c = ctx.cloud;
  const project = projectOf(ctx);
  const snapshot = typeof b.snapshot_id === 'string' ? snapshots(c).get(b.snapshot_id) : undefined;
  if (typeof b.snapshot_id === 'string' && (!snapshot || snapshot.projectId !== project)) throw new ApiError(404, `Snapshot ${b.snapshot_id} could not be found.`);
  const source = typeof b.source_volid === 'string' ? volumes(c).get(b.source_volid) : undefined;
  if (typeof b.source_volid === 'string' && (!source || source.projectId !== project)) throw new ApiError(404, `Volume ${b.source_volid} could not be found.`);
  const imageId = typeof b.imageRef === 'string' ? b.imageRef : undefined;
  if (imageId) {
    const image = findImage(c, imageId);
    if (!image || image.status !== 'active') throw new ApiError(400, 'Invalid image identifier or unable to access requested image.');
  }
  // Cinder's JSON schema rejects an integer size below 1 with its own wording (checked against Zed).
  if (Number.isInteger(b.size) && (b.size as number) < 1) throw new ApiError(400, `Invalid input for field/attribute size. Value: ${String(b.size)}. ${String(b.size)} is less than the minimum of 1`);
  const size = b.size === undefined || b.size === null ? (snapshot?.size ?? source?.size) : Number(b.size);
  if (size === undefined || !Number.isInteger(size) || size <= 0) throw new ApiError(400, `Invalid input received: Volume size '${String(b.size)}' must be an integer and greater than 0.`);
  if (snapshot && size < snapshot.size) throw new ApiError(400, `Invalid input received: Volume size ${size}GB cannot be smaller than the snapshot size ${snapshot.size}GB. They must be >= original snapshot size.`);
  if (source && size < source.size) throw new ApiError(400, `Invalid input received: Volume size ${size}GB cannot be smaller than original volume size ${source.size}GB. They must be >= original volume size.`);
  if (snapshot && snapshot.status !== 'available') throw new ApiError(400, `Invalid snapshot: Originating snapshot status must be one of 'available' values`);
  if (source && !['available', 'in-use'].includes(source.status)) throw new ApiError(400, `Invalid volume: Unable to create a volume from an originating source volume when its status is ${source.status}.`);
  let typeId: string | undefined;
  if (typeof b.volume_type === 'string') {
    const type = volumeTypes(c).get(b.volume_type) ?? volumeTypes(c).find((t) => t.name === b.volume_type);
    if (!type) throw new ApiError(404, `Volume type with name ${b.volume_type} could not be found.`);
    typeId = type.id;
  }
  checkVolumeQuota(ctx, project, size);
  const volume = newVolumeRecord(c, {
    projectId: project,
    userId: ctx.auth?.userId ?? '',
    size,
    name: typeof b.name === 'string' ? b.name : null,
    description: typeof b.description === 'string' ? b.description : null,
    ...(typeId ? { volumeTypeId: typeId } : source ? { volumeTypeId: source.volumeTypeId } : {}),
    ...(typeof b.availability_zone === 'string' ? { availabilityZone: b.availability_zone } : {}),
    metadata: (b.metadata ?? {}) as Record<string, string>,
    snapshotId: snapshot?.id ?? null,
    sourceVolid: source?.id ?? null,
    multiattach: b.multiattach === true,
  });
  if (snapshot) copySparse(snapshot.backingFile, volume.backingFile, size * GiB);
  if (source) copySparse(source.backingFile, volume.backingFile, size * GiB);
  if (snapshot || source) volume.bootable = volumes(c).get(snapshot?.volumeId ?? source?.id ?? '')?.bootable ?? false;
  const steps = imageId ? ['creating', 'downloading', 'available'] : ['creating', 'available'];
  c.progression.start('volume', volume.id, steps, {
    onState: (change) => {
      const v = volumes(c).get(volume.id);
      if (!v) return;
      v.updatedAt = stamp(c);
      if (change.failed) {
        v.status = 'error';
        return;
      }
      if (change.final && imageId) {
        try {
          fillFromImage(c, v, imageId);
        } catch {
          v.status = 'error';
          return;
        }
      }
      v.status = change.state;
    },
  });
  // The create response lacks the tenant attribute that show and detail carry (recorded from a real Cinder).
  const { 'os-vol-tenant-attr:tenant_id': _tenant, ...created } = detail(ctx, volumes(c).get(volume.id) ?? volume);
  return json(202, { volume: created });
}

function update(ctx: RequestContext) {
  const v = visibleVolume(ctx, ctx.params.volume_id!);
  const b = body(ctx, 'volume');
  if (b.name !== undefined) v.name = b.name === null ? null : String(b.name);
  if (b.description !== undefined) v.description = b.description === null ? null : String(b.description);
  if (b.metadata !== undefined) v.metadata = b.metadata as Record<string, string>;
  v.updatedAt = stamp(ctx.cloud);
  return json(200, { volume: detail(ctx, v) });
}

const DELETABLE = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];

function remove(ctx: RequestContext) {
  const v = visibleVolume(ctx, ctx.params.volume_id!);
  const c = ctx.cloud;
  const cascade = ['true', 'True', '1'].includes(ctx.query.get('cascade') ?? '');
  const hasSnapshots = snapshots(c).filter((s) => s.volumeId === v.id).length > 0;
  if (!DELETABLE.includes(v.status) || activeAttachments(c, v.id).length > 0 || (hasSnapshots && !cascade)) {
    throw new ApiError(400, `Invalid volume: Volume status must be ${DELETABLE.join(' or ')} and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.`);
  }
  v.status = 'deleting';
  v.updatedAt = stamp(c);
  c.progression.start('volume-delete', v.id, ['deleting', 'deleted'], {
    onState: (change) => {
      if (!change.final) return;
      const current = volumes(c).get(v.id);
      if (!current) return;
      if (change.failed) {
        current.status = 'error_deleting';
        return;
      }
      for (const s of snapshots(c).filter((s) => s.volumeId === v.id)) {
        snapshots(c).delete(s.id);
        rmSync(s.backingFile, { force: true });
      }
      for (const a of attachments(c).filter((a) => a.volumeId === v.id)) attachments(c).delete(a.id);
      volumes(c).delete(v.id);
      c.progression.cancel('volume', v.id);
      rmSync(current.backingFile, { force: true });
    },
  });
  return { status: 202 };
}

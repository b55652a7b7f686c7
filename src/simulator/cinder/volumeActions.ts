/**
 * POST /volumes/{id}/action: os-volume_upload_image (volume → uploading → back; a Glance image
 * with the volume's bytes), os-extend, os-set_bootable, and the admin os-reset_status and
 * os-force_delete, and os-set_image_metadata (what a migrated boot volume carries from its source).
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { json, type Reply, type RequestContext, type RouteTable } from '../core/router.js';
import { glance } from '../nova/images.js';
import { isAdmin, visibleVolume } from './common.js';
import { allocateBackingFile, stamp, volumeTypes, volumes } from './store.js';
import type { Volume } from './model.js';

export function volumeActionRoutes(t: RouteTable, p: string): void {
  t.post(`${p}/volumes/{volume_id}/action`, action);
}

function action(ctx: RequestContext): Reply {
  const b = ctx.body;
  if (typeof b !== 'object' || b === null || Object.keys(b).length !== 1) throw new ApiError(400, 'Invalid request body: exactly one action is expected.');
  const [name, raw] = Object.entries(b as Record<string, unknown>)[0]!;
  const args = (raw ?? {}) as Record<string, unknown>;
  const v = visibleVolume(ctx, ctx.params.volume_id!);
  switch (name) {
    case 'os-volume_upload_image':
      return uploadToImage(ctx, v, args);
    case 'os-extend':
      return extend(ctx, v, args);
    case 'os-set_bootable':
      v.bootable = args.bootable === true || args.bootable === 'true' || args.bootable === 'True';
      return { status: 200 };
    case 'os-set_image_metadata': {
      // Cinder answers 200 with the volume's whole image metadata after the merge.
      const metadata = args.metadata;
      if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw new ApiError(400, "Invalid input for field/attribute os-set_image_metadata. 'metadata' is a required property");
      v.imageMetadata = { ...(v.imageMetadata ?? {}), ...Object.fromEntries(Object.entries(metadata).map(([k, x]) => [k, String(x)])) };
      return json(200, { metadata: v.imageMetadata });
    }
    case 'os-reset_status':
      if (!isAdmin(ctx)) throw new ApiError(403, "Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed.");
      if (typeof args.status !== 'string') throw new ApiError(400, 'Must specify a valid status');
      v.status = args.status;
      return { status: 202 };
    case 'os-force_delete':
      if (!isAdmin(ctx)) throw new ApiError(403, "Policy doesn't allow volume_extension:volume_admin_actions:force_delete to be performed.");
      volumes(ctx.cloud).delete(v.id);
      return { status: 202 };
    default:
      throw new ApiError(400, `There is no such action: ${name}`);
  }
}

function extend(ctx: RequestContext, v: Volume, args: Record<string, unknown>): Reply {
  const size = Number(args.new_size);
  const allowed = atLeast(ctx.microversion, '3.42') ? ['available', 'in-use'] : ['available'];
  if (!allowed.includes(v.status)) throw new ApiError(400, `Invalid volume: Volume ${v.id} status must be '${allowed.join("' or '")}' to extend, currently ${v.status}.`);
  if (!Number.isInteger(size) || size <= v.size) throw new ApiError(400, `Invalid input received: New size for extend must be greater than current size. (current: ${v.size}, extended: ${String(args.new_size)}).`);
  allocateBackingFile(v.backingFile, size);
  v.size = size;
  v.updatedAt = stamp(ctx.cloud);
  return { status: 202 };
}

function uploadToImage(ctx: RequestContext, v: Volume, args: Record<string, unknown>): Reply {
  const c = ctx.cloud;
  const force = args.force === true || args.force === 'true' || args.force === 'True';
  const allowed = force ? ['available', 'in-use'] : ['available'];
  if (!allowed.includes(v.status)) throw new ApiError(400, `Invalid volume: Volume ${v.id} status must be ${allowed.join(' or ')}`);
  const imageName = typeof args.image_name === 'string' ? args.image_name : '';
  if (!imageName) throw new ApiError(400, "Invalid input for field/attribute os-volume_upload_image. 'image_name' is a required property");
  const diskFormat = typeof args.disk_format === 'string' ? args.disk_format : 'raw';
  const containerFormat = typeof args.container_format === 'string' ? args.container_format : 'bare';
  const visibility = typeof args.visibility === 'string' ? args.visibility : 'private';
  const image = glance().create(c, { name: imageName, owner: v.projectId, diskFormat, containerFormat, visibility, properties: { ...(v.imageMetadata ?? {}), image_name: undefined } });
  const previous = v.status;
  v.status = 'uploading';
  v.updatedAt = stamp(c);
  c.progression.start('volume-upload', v.id, ['uploading', 'done'], {
    onState: (change) => {
      if (!change.final) return;
      const current = volumes(c).get(v.id);
      if (!current) return;
      if (change.failed) {
        current.status = previous;
        glance().fail(c, image.id);
        return;
      }
      glance()
        .upload(c, image.id, current.backingFile)
        .catch(() => glance().fail(c, image.id))
        .finally(() => {
          const again = volumes(c).get(v.id);
          if (again && again.status === 'uploading') again.status = previous;
        });
    },
  });
  const type = volumeTypes(c).get(v.volumeTypeId);
  const resp: Record<string, unknown> = {
    id: v.id,
    updated_at: v.updatedAt,
    status: 'uploading',
    display_description: v.description,
    size: v.size,
    volume_type: type ? { id: type.id, name: type.name, description: type.description, is_public: type.isPublic, extra_specs: type.extraSpecs } : null,
    image_id: image.id,
    container_format: containerFormat,
    disk_format: diskFormat,
    image_name: imageName,
  };
  if (atLeast(ctx.microversion, '3.1')) Object.assign(resp, { visibility, protected: args.protected === true });
  return json(202, { 'os-volume_upload_image': resp });
}

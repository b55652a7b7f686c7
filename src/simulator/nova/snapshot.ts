/**
 * createImage: a server snapshot in Glance. An image-backed server's disk becomes the image's
 * bytes (task_state image_snapshot → image_uploading → none); a boot-from-volume server gets a
 * Cinder snapshot of its root volume and a zero-byte image whose block_device_mapping names it.
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { json, type Reply, type RequestContext } from '../core/router.js';
import { snapshotVolumeNow } from '../cinder/snapshotOps.js';
import { glance } from './images.js';
import type { Server } from './model.js';
import { invalidStateMessage } from './states.js';
import { accepted, finishAction, now, recordAction, servers, viewContext } from './store.js';

export function createImage(ctx: RequestContext, server: Server, args: Record<string, unknown>): Reply {
  const name = args.name;
  if (typeof name !== 'string' || name.trim() === '') throw new ApiError(400, "Invalid input for field/attribute name. 'name' is a required property");
  const problem = invalidStateMessage(server, 'createImage');
  if (problem) throw new ApiError(409, problem);
  const c = ctx.cloud;
  const metadata = (typeof args.metadata === 'object' && args.metadata !== null ? args.metadata : {}) as Record<string, unknown>;
  const root = server.volumes.find((v) => v.bootIndex === 0);
  const properties: Record<string, unknown> = { ...metadata, instance_uuid: server.id, image_type: 'snapshot', user_id: server.userId };
  if (server.imageId) properties.base_image_ref = server.imageId;
  let snapshotId: string | undefined;
  if (root) {
    snapshotId = snapshotVolumeNow(c, root.volumeId, `snapshot for ${name}`).id;
    properties.bdm_v2 = 'True';
    properties.root_device_name = '/dev/vda';
    properties.block_device_mapping = JSON.stringify([
      { boot_index: 0, source_type: 'snapshot', destination_type: 'volume', snapshot_id: snapshotId, delete_on_termination: false, device_name: '/dev/vda', volume_size: server.volumes.length ? undefined : 0, tag: null },
    ]);
  }
  const image = glance().create(c, { name, owner: server.projectId, diskFormat: root ? 'raw' : 'qcow2', containerFormat: 'bare', visibility: 'private', properties });
  const action = recordAction(ctx, server, 'createImage', 'compute_snapshot_instance');
  server.taskState = 'image_snapshot';
  server.updatedAt = now(c);
  const source = root ? undefined : glance().dataPath(c, server.imageId);
  c.progression.start('server-image', server.id, ['image_snapshot', 'image_uploading', 'done'], {
    onState: (change) => {
      const s = servers(c).get(server.id);
      if (change.state === 'image_uploading' && s) s.taskState = 'image_uploading';
      if (!change.final) return;
      if (s) {
        s.taskState = null;
        s.updatedAt = now(c);
      }
      if (change.failed) {
        glance().fail(c, image.id);
        finishAction(c, action, false, change.message);
        return;
      }
      glance()
        .upload(c, image.id, source)
        .then(() => finishAction(c, action, true))
        .catch((err: unknown) => {
          glance().fail(c, image.id);
          finishAction(c, action, false, err instanceof Error ? err.message : String(err));
        });
    },
  });
  const location = `${viewContext(ctx).baseUrl.replace(/\/v2\.1$/, '')}/images/${image.id}`;
  if (atLeast(ctx.microversion, '2.45')) return json(202, { image_id: image.id }); // from 2.45 Nova drops the Location header (checked against Zed)
  return accepted({ location });
}

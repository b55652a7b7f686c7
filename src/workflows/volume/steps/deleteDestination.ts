/**
 * Deletes the destination copy of a migrated volume that left the snapshot — only with a
 * `delete-destination-volume` confirmation for it in stackshift.yaml (decide.ts asks). A copy that
 * someone attached to a server since is not pulled away from it: that is for a person to undo.
 */
import * as cinder from '../../../executors/openstack/cinder.js';
import { isNotFound } from '../../../executors/openstack/collection.js';
import { codes, StackshiftError } from '../../../errors.js';
import { removeVolume } from '../../workload/cloudOps.js';
import { volumeEvent } from '../events.js';
import type { VolumeContext } from './context.js';

export async function deleteDestinationVolume(ctx: VolumeContext): Promise<void> {
  const volumeId = ctx.state().migrated!.volumeId;
  const c = ctx.ports.destination;
  const volume = await cinder.getVolume(c, volumeId).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
  if (volume && volume.attachments.length > 0) {
    throw new StackshiftError(codes.STEP_FAILED, `not deleting the destination volume ${ctx.id} (${volumeId}): it is attached to server ${volume.attachments.map((a) => a.server_id).join(', ')}`, {
      retry: 'never', hint: 'detach it first if it should go, or remove the delete-destination-volume confirmation to keep it',
    });
  }
  if (volume) await removeVolume(c, volumeId, ctx);
  await ctx.record([volumeEvent('DestinationVolumeDeleted', { volumeId })]);
}

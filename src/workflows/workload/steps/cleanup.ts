/**
 * Removes the source cloud's temporaries (temporary volumes, snapshots, root-disk images) once the
 * destination is verified, then records the migration with its downtime (source stopped →
 * destination verified, from those two facts' times). The source server stays SHUTOFF:
 * deleting it is a separate decision.
 */
import { removeImage, removeSnapshot, removeVolume } from '../cloudOps.js';
import { workloadEvent } from '../events.js';
import type { DiskContext, DiskHolderState, WorkloadContext } from './context.js';

/** Deletes every temporary (the source's, and the image path's image in the destination); returns what it removed. */
export async function removeTemporaries(ctx: DiskContext, state: DiskHolderState): Promise<string[]> {
  const c = ctx.ports.source;
  const removed: string[] = [];
  for (const [key, d] of Object.entries(state.disks)) {
    if (d.tempVolumeId) {
      await removeVolume(c, d.tempVolumeId, ctx);
      removed.push(`temporary volume of ${key}`);
    }
    if (d.snapshotId) {
      await removeSnapshot(c, d.snapshotId, ctx);
      removed.push(`snapshot of ${key}`);
    }
    if (d.uploadedImageId) {
      await removeImage(c, d.uploadedImageId);
      removed.push(`uploaded image of ${key}`);
    }
    if (d.destImageId) {
      await removeImage(ctx.ports.destination, d.destImageId);
      removed.push(`destination image of ${key}`);
    }
    if (d.imageId) {
      await removeImage(c, d.imageId);
      removed.push(`image of ${key}`);
    }
  }
  return removed;
}

export async function cleanup(ctx: WorkloadContext): Promise<void> {
  const state = ctx.state();
  const removed = await removeTemporaries(ctx, state);
  await ctx.record([workloadEvent('TemporariesRemoved', { removed })]);
  const bytesSent = Object.values(state.disks).reduce((sum, d) => sum + d.bytesSent, 0);
  // Downtime is source stopped → destination verified; removing the temporaries is not part of it.
  const downtimeMs = state.stoppedAt !== undefined ? (state.verifiedAt ?? ctx.clock.now()) - state.stoppedAt : 0;
  await ctx.record([workloadEvent('WorkloadMigrated', { serverId: state.serverId!, downtimeMs, bytesSent })]);
}

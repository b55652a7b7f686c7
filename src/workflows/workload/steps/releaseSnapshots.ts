/**
 * Ends a warm pass, or discards one taken while the source still ran (a cutover, or a switch to
 * cold): each disk's temporary volume comes off the source conversion host and is deleted with
 * its snapshot (or root-disk image), and is waited for until gone — the next pass makes new ones
 * by the same names. The destination volume stays attached with the bytes it holds, so the next
 * pass sends only what differs.
 */
import { detachFromHost, removeImage, removeSnapshot, removeVolume, serverNamed } from '../cloudOps.js';
import { workloadEvent } from '../events.js';
import { specOf, type DiskContext } from './context.js';

export async function releaseSnapshots(ctx: DiskContext): Promise<void> {
  const spec = specOf(ctx);
  const c = ctx.ports.source;
  const host = await serverNamed(c, spec.pair!.source.server, 'source conversion-host');
  for (const disk of spec.disks) {
    const d = ctx.state().disks[disk.key];
    if (!d?.snapshotId && !d?.imageId && !d?.tempVolumeId) continue;
    const removed: string[] = [];
    if (d.tempVolumeId) {
      await detachFromHost(c, host.id, d.tempVolumeId, ctx);
      await removeVolume(c, d.tempVolumeId, ctx);
      removed.push('temporary volume');
    }
    if (d.snapshotId) {
      await removeSnapshot(c, d.snapshotId, ctx);
      removed.push('snapshot');
    }
    if (d.imageId) {
      // Glance deletes at once (a deleted image is 404 and no longer listed by name).
      await removeImage(c, d.imageId);
      removed.push('root-disk image');
    }
    await ctx.record([workloadEvent('DiskSnapshotReleased', { disk: disk.key, removed })]);
  }
}

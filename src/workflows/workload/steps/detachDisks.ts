/**
 * After every disk is copied and verified: temporary volumes come off the source conversion host
 * and destination volumes off the destination one (each waits until available), so the new server
 * can take its volumes and the temporaries can go.
 */
import { detachFromHost, serverNamed } from '../cloudOps.js';
import { workloadEvent } from '../events.js';
import { specOf, type DiskContext } from './context.js';

export async function detachDisks(ctx: DiskContext): Promise<void> {
  const spec = specOf(ctx);
  const { source, destination } = ctx.ports;
  const srcHost = await serverNamed(source, spec.pair!.source.server, 'source conversion-host');
  const dstHost = await serverNamed(destination, spec.pair!.destination.server, 'destination conversion-host');
  for (const disk of spec.disks) {
    const d = ctx.state().disks[disk.key]!;
    if (d.tempVolumeId) await detachFromHost(source, srcHost.id, d.tempVolumeId, ctx);
    if (d.destVolumeId) await detachFromHost(destination, dstHost.id, d.destVolumeId, ctx);
  }
  await ctx.record([workloadEvent('DisksDetached', {})]);
}

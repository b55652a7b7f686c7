/**
 * Removes every temporary of a verified volume copy — the source snapshot, the temporary volume,
 * the images of the image path on both sides — with the workload's removal (they are the same
 * kinds of temporaries, found from the same facts), then records the volume as migrated.
 */
import { workloadEvent } from '../../workload/events.js';
import { removeTemporaries } from '../../workload/steps/cleanup.js';
import { volumeEvent } from '../events.js';
import { VOLUME_DISK } from '../spec.js';
import type { VolumeContext } from './context.js';

export async function cleanupVolume(ctx: VolumeContext): Promise<void> {
  const state = ctx.state();
  const removed = await removeTemporaries(ctx, state);
  await ctx.record([workloadEvent('TemporariesRemoved', { removed })]);
  const d = state.disks[VOLUME_DISK]!;
  const durationMs = state.startedAt !== undefined ? ctx.clock.now() - state.startedAt : 0;
  await ctx.record([volumeEvent('VolumeMigrated', { volumeId: d.destVolumeId!, bytesSent: d.bytesSent, durationMs })]);
}

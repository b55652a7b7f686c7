/**
 * The way back for a volume removed from the snapshot (git revert) before it was migrated: its
 * temporaries and the destination volume stackshift made for it (found from its facts, detached
 * from the conversion host first) are deleted. The source volume was never attached, detached or
 * changed, so nothing is restored there. Runs without the spec: it is gone from the desired state.
 */
import { removeVolume } from '../../workload/cloudOps.js';
import { removeTemporaries } from '../../workload/steps/cleanup.js';
import { volumeEvent } from '../events.js';
import type { VolumeContext } from './context.js';

export async function rollBackVolume(ctx: VolumeContext): Promise<void> {
  const state = ctx.state();
  const removed = await removeTemporaries(ctx, state);
  for (const d of Object.values(state.disks)) {
    if (!d.destVolumeId) continue;
    await removeVolume(ctx.ports.destination, d.destVolumeId, ctx);
    removed.push('destination volume');
  }
  await ctx.record([volumeEvent('VolumeRolledBack', { removed })]);
}

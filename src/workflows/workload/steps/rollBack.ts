/**
 * The way back for a workload deselected before its destination server exists (git revert of
 * the commit that selected it): the source's temporaries, the destination volumes and ports this
 * workload made are removed, and the source server is started again if stackshift stopped it.
 * Runs without the workload's spec (it is gone from the desired state): everything it needs is
 * in the workload's own facts and markers.
 */
import * as neutron from '../../../executors/openstack/neutron.js';
import * as nova from '../../../executors/openstack/nova.js';
import { removeVolume } from '../cloudOps.js';
import { workloadEvent } from '../events.js';
import { removeTemporaries } from './cleanup.js';
import type { WorkloadContext } from './context.js';

export async function rollBack(ctx: WorkloadContext): Promise<void> {
  const state = ctx.state();
  const c = ctx.ports.destination;
  const removed = await removeTemporaries(ctx, state);
  for (const [key, d] of Object.entries(state.disks)) {
    if (!d.destVolumeId || d.precreated) continue;
    await removeVolume(c, d.destVolumeId, ctx);
    removed.push(`destination volume of ${key}`);
  }
  for (const [index, p] of Object.entries(state.ports)) {
    await neutron.deletePort(c, p.portId);
    removed.push(`destination port ${index}`);
  }
  if (state.stoppedByStackshift && state.preflight) {
    const server = await nova.getServer(ctx.ports.source, state.preflight.sourceServerId);
    if (server.status === 'SHUTOFF') await nova.startServer(ctx.ports.source, server.id);
    await ctx.record([workloadEvent('SourceServerStarted', { serverId: server.id })]);
  }
  await ctx.record([workloadEvent('WorkloadRolledBack', { removed })]);
}

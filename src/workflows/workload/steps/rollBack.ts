/**
 * The way back for a deselected workload (git revert of the commit that selected it): the
 * source's temporaries, and the destination server (after cutover, with a
 * delete-destination-server confirmation), volumes and ports this workload made are removed —
 * pre-created volumes are the operator's and stay — and the source server is started again if
 * stackshift stopped it. Floating IPs allocated in the destination stay with the project (an
 * address may have been handed out; releasing it is a person's call). Runs without the
 * workload's spec (it is gone from the desired state): everything it needs is in the workload's
 * own facts and markers.
 */
import { isNotFound } from '../../../executors/openstack/collection.js';
import * as neutron from '../../../executors/openstack/neutron.js';
import * as nova from '../../../executors/openstack/nova.js';
import { removeVolume, waitGone } from '../cloudOps.js';
import { workloadEvent } from '../events.js';
import { removeTemporaries } from './cleanup.js';
import type { WorkloadContext } from './context.js';

const ignoreGone = (err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err));

export async function rollBack(ctx: WorkloadContext): Promise<void> {
  const state = ctx.state();
  const c = ctx.ports.destination;
  const removed = await removeTemporaries(ctx, state);
  if (state.serverId) {
    await nova.deleteServer(c, state.serverId).catch(ignoreGone);
    await waitGone(() => nova.getServer(c, state.serverId!), ctx, `destination server ${ctx.id} to be deleted`);
    removed.push('destination server');
  }
  for (const [key, d] of Object.entries(state.disks)) {
    if (!d.destVolumeId || d.precreated) continue;
    await removeVolume(c, d.destVolumeId, ctx);
    removed.push(`destination volume of ${key}`);
  }
  for (const [index, p] of Object.entries(state.ports)) {
    await neutron.deletePort(c, p.portId).catch(ignoreGone);
    removed.push(`destination port ${index}`);
  }
  if (state.stoppedByStackshift && state.preflight && !state.sourceDeleted) {
    const server = await nova.getServer(ctx.ports.source, state.preflight.sourceServerId);
    if (server.status === 'SHUTOFF') await nova.startServer(ctx.ports.source, server.id);
    await ctx.record([workloadEvent('SourceServerStarted', { serverId: server.id })]);
  }
  await ctx.record([workloadEvent('WorkloadRolledBack', { removed })]);
}

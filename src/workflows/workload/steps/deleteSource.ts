/**
 * Deletes the source server of a migrated workload — only with a `delete-source-server`
 * confirmation for it in stackshift.yaml, and only while its destination server is ACTIVE
 * (checked again right before: a destination that broke since the cutover keeps its source).
 * The source's volumes are left to Nova's delete_on_termination, as a person's delete would.
 */
import { isNotFound } from '../../../executors/openstack/collection.js';
import * as nova from '../../../executors/openstack/nova.js';
import { codes, StackshiftError } from '../../../errors.js';
import { waitGone } from '../cloudOps.js';
import { workloadEvent } from '../events.js';
import type { WorkloadContext } from './context.js';

export async function deleteSource(ctx: WorkloadContext): Promise<void> {
  const state = ctx.state();
  const sourceId = state.preflight!.sourceServerId;
  const destination = await nova.getServer(ctx.ports.destination, state.serverId!).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
  if (destination?.status !== 'ACTIVE') {
    throw new StackshiftError(codes.STEP_FAILED, `not deleting the source server of ${ctx.id}: its destination server is ${destination ? destination.status : 'gone'}`, {
      retry: 'never', hint: 'repair the destination server first, or remove the delete-source-server confirmation',
    });
  }
  const removed = await nova.deleteServer(ctx.ports.source, sourceId).then(() => true, (err: unknown) => (isNotFound(err) ? false : Promise.reject(err)));
  if (removed) await waitGone(() => nova.getServer(ctx.ports.source, sourceId), ctx, `source server ${ctx.id} to be deleted`);
  await ctx.record([workloadEvent('SourceServerDeleted', { serverId: sourceId })]);
}

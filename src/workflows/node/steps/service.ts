/**
 * The node's compute service in the source: disabled with a reason that names the commit (so an
 * operator reading `compute service list` knows who and why), forced down when the node is dead
 * (evacuation needs it), enabled again on a revert, and deleted at removal. Each step reads the
 * service first, so a retry after a crash finds the change already made and only records it.
 */
import { codes, StackshiftError } from '../../../errors.js';
import * as nova from '../../../executors/openstack/nova.js';
import { httpStatus } from '../../../executors/infra/context.js';
import { nodeEvent } from '../events.js';
import { adminOf, type NodeContext } from './context.js';
import { allocationsOn, computeService } from './estate.js';
import { describeConsumers, unsetCommands } from './orphans.js';

function serviceId(ctx: NodeContext): string {
  const id = ctx.state().serviceId;
  if (!id) throw new StackshiftError(codes.INTERNAL, `node ${ctx.id} has no recorded compute service`, { retry: 'never' });
  return id;
}

export async function disableService(ctx: NodeContext): Promise<void> {
  const id = serviceId(ctx);
  const reason = `stackshift: reclaim ${ctx.commit.slice(0, 12)}`;
  const current = await computeService(adminOf(ctx, 'source'), ctx.id);
  if (current?.status !== 'disabled' || current.disabled_reason !== reason) {
    await nova.updateComputeService(adminOf(ctx, 'source'), id, { status: 'disabled', disabled_reason: reason });
  }
  await ctx.record([nodeEvent('NodeServiceDisabled', { serviceId: id, reason })]);
}

export async function forceDown(ctx: NodeContext): Promise<void> {
  const id = serviceId(ctx);
  await nova.updateComputeService(adminOf(ctx, 'source'), id, { forced_down: true });
  await ctx.record([nodeEvent('NodeServiceForcedDown', { serviceId: id })]);
}

/** Revert before removal: enable only what stackshift disabled (and lift its force-down). */
export async function enableService(ctx: NodeContext): Promise<void> {
  const id = serviceId(ctx);
  const src = adminOf(ctx, 'source');
  const current = await computeService(src, ctx.id);
  if (current && (current.status === 'disabled' && current.disabled_reason === ctx.state().disabledReason)) await nova.updateComputeService(src, id, { status: 'enabled' });
  if (current?.forced_down && ctx.state().forcedDown) {
    try {
      await nova.updateComputeService(src, id, { forced_down: false });
    } catch (err) {
      // Nova keeps a host down while evacuations off it are `done`: only its compute, starting
      // again, completes them (and drops their allocations there). Recorded, so the node is
      // blocked until the next commit (a failure of a deselected node would be retried at once).
      if (httpStatus(err) !== 400) throw err;
      await ctx.record([nodeEvent('NodeForceUpRefused', { serviceId: id, reason: (err as Error).message })]);
      return;
    }
  }
  await ctx.record([nodeEvent('NodeServiceEnabled', { serviceId: id })]);
}

/**
 * Deletes the compute service (by UUID, 2.53). Nova answers 409 while a server or an unfinished
 * migration is left: that is retried. Afterwards the node's resource provider must be gone; if
 * allocations keep it (an evacuation leaves the source's), they are reported, not deleted blindly.
 */
export async function removeService(ctx: NodeContext): Promise<void> {
  const id = serviceId(ctx);
  const src = adminOf(ctx, 'source');
  if (await computeService(src, ctx.id)) {
    try {
      await nova.deleteComputeService(src, id);
    } catch (err) {
      if (httpStatus(err) === 409) {
        throw new StackshiftError(codes.STEP_FAILED, `Nova refuses to delete the compute service of ${ctx.id}: ${(err as Error).message}`, { retry: 'later', requeueAfterMs: 30_000, hint: 'a server or migration is still on the node; stackshift retries' });
      }
      if (httpStatus(err) !== 404) throw err;
    }
  }
  const left = await allocationsOn(src, ctx.id);
  if (left.provider) {
    // Nova deleted the service but Placement refused the provider (allocations held it), or the
    // allocations went after the service: either way the provider is left for an operator.
    const drop = left.consumers.length > 0 ? `drop each orphaned allocation once checked: ${unsetCommands(left.provider, left.consumers)}; then ` : '';
    const who = left.consumers.length > 0 ? ` with ${left.consumers.length} orphaned allocation(s): ${(await describeConsumers(src, ctx.id, left.consumers)).join(', ')}` : ' with no allocation';
    throw new StackshiftError(codes.STEP_FAILED, `the resource provider of ${ctx.id} (${left.provider}) is still in Placement${who}`, {
      retry: 'never',
      hint: `${drop}delete the provider: \`openstack resource provider delete ${left.provider}\`; push a commit to retry`,
    });
  }
  await ctx.record([nodeEvent('NodeServiceRemoved', { serviceId: id })]);
}

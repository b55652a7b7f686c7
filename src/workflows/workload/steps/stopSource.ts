/**
 * Stops the source server (os-stop) when `stopSource` allows, and waits until it is SHUTOFF;
 * otherwise only checks, and until its owner shuts it off the step fails with a retry ("waiting
 * for the owner"). A server already SHUTOFF is not stopped again and stays the owner's to start.
 * A warm workload's stop is its downtime's start: the estimate is recorded with it.
 */
import * as nova from '../../../executors/openstack/nova.js';
import { waitFor } from '../../../executors/openstack/waitFor.js';
import { codes, StackshiftError } from '../../../errors.js';
import { workloadEvent } from '../events.js';
import { estimatedDowntimeMs, passesOf } from '../warm.js';
import { specOf, type WorkloadContext } from './context.js';

export async function stopSource(ctx: WorkloadContext): Promise<void> {
  const spec = specOf(ctx);
  const id = ctx.state().preflight!.sourceServerId;
  const c = ctx.ports.source;
  const server = await nova.getServer(c, id);
  const estimate = passesOf(ctx.state(), spec) > 0 ? estimatedDowntimeMs(ctx.state(), spec) : undefined;
  const expected = estimate !== undefined ? { estimatedDowntimeMs: estimate } : {};
  if (server.status === 'SHUTOFF') {
    await ctx.record([workloadEvent('SourceServerStopped', { serverId: id, byStackshift: false, ...expected })]);
    return;
  }
  if (!spec.selection.stopSource) {
    throw new StackshiftError(codes.STEP_FAILED, `source server ${spec.selection.server} is ${server.status}; stopSource is false, so its owner must shut it off`, {
      retry: 'later', requeueAfterMs: 30_000, hint: `shut ${spec.selection.server} off (openstack server stop), or set stopSource: true in workloads.yaml`,
    });
  }
  if (server.status === 'ACTIVE' && !server['OS-EXT-STS:task_state']) await nova.stopServer(c, id);
  await waitFor({
    poll: () => nova.getServer(c, id), done: (s) => s.status === 'SHUTOFF' && !s['OS-EXT-STS:task_state'], failed: (s) => (s.status === 'ERROR' ? 'the server is in ERROR' : undefined),
    clock: ctx.clock, signal: ctx.signal, timeoutMs: 600_000, intervalMs: 1000, what: `source server ${spec.selection.server} to shut off`,
  });
  await ctx.record([workloadEvent('SourceServerStopped', { serverId: id, byStackshift: true, ...expected })]);
}

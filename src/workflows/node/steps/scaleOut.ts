/**
 * The last stage: the node's scale-out hook (a command that starts the destination deployment
 * tool's scale-out, given the node as JSON on stdin) runs, then the destination's Nova must show
 * a hypervisor for the node within the timeout. A hook that already ran is not run again once its
 * hypervisor exists (the check comes first), so a retry after a crash does not scale out twice.
 */
import { codes, StackshiftError } from '../../../errors.js';
import * as nova from '../../../executors/openstack/nova.js';
import { isNotFound } from '../../../executors/openstack/collection.js';
import { waitFor } from '../../../executors/openstack/waitFor.js';
import type { OpenStackClient } from '../../../executors/openstack/client.js';
import { nodeEvent } from '../events.js';
import { adminOf, specOf, type NodeContext } from './context.js';

const HYPERVISOR_TIMEOUT_MS = 30 * 60_000;

async function hypervisorFor(c: OpenStackClient, host: string): Promise<nova.Hypervisor | undefined> {
  // Nova answers 404 when no hypervisor name matches the pattern.
  const list = await nova.listHypervisors(c, { hypervisor_hostname_pattern: host }).catch((err: unknown) => {
    if (isNotFound(err)) return [];
    throw err;
  });
  return list.find((h) => h.hypervisor_hostname === host || h.hypervisor_hostname.split('.')[0] === host);
}

export async function scaleOut(ctx: NodeContext): Promise<void> {
  const { node } = specOf(ctx);
  const dst = adminOf(ctx, 'destination');
  const started = ctx.clock.now();
  let exitCode = 0;
  if (!(await hypervisorFor(dst, node.host))) {
    if (!ctx.ports.hooks) throw new StackshiftError(codes.STEP_FAILED, 'no hook runner is wired into this run', { retry: 'never' });
    const result = await ctx.ports.hooks.run(node.scaleOutHook!, node, ctx.signal);
    exitCode = result.exitCode;
    if (exitCode !== 0) {
      throw new StackshiftError(codes.STEP_FAILED, `the scale-out hook for ${node.host} exited with ${exitCode}: ${result.tail}`, {
        retry: 'never', hint: `fix the hook (${node.scaleOutHook}) or the deployment it starts, then push a commit to retry`,
      });
    }
  }
  const found = await waitFor({
    poll: () => hypervisorFor(dst, node.host), done: (h) => h !== undefined, clock: ctx.clock, signal: ctx.signal,
    timeoutMs: HYPERVISOR_TIMEOUT_MS, intervalMs: 2000, what: `a hypervisor for ${node.host} in the destination's Nova`,
  });
  await ctx.record([nodeEvent('NodeDeployed', { hypervisor: found!.hypervisor_hostname, hookExitCode: exitCode, durationMs: ctx.clock.now() - started })]);
}

/**
 * Ironic moves a node asynchronously after a 202: poll until `target_provision_state` is null, then
 * the node is either where the verb leads or back in a failure state with `last_error` saying why.
 */
import { codes, StackshiftError } from '../../../errors.js';
import type { OpenStackClient } from '../../../executors/openstack/client.js';
import * as ironic from '../../../executors/openstack/ironic.js';
import { waitFor } from '../../../executors/openstack/waitFor.js';
import type { NodeContext } from './context.js';

/**
 * Asks for `verb` unless a transition is already under way (a retry after a crash waits for it)
 * or, with `again: false`, the node is already where the verb leads.
 */
export async function provisionTo(ctx: NodeContext, c: OpenStackClient, nodeId: string, verb: ironic.ProvisionTarget, want: string, o: { timeoutMs?: number; again?: boolean } = {}): Promise<ironic.Node> {
  const node = await ironic.getNode(c, nodeId);
  const there = node.provision_state === want && !o.again;
  if (!node.target_provision_state && !there) await ironic.setProvisionState(c, nodeId, verb);
  const end = await waitFor({
    poll: () => ironic.getNode(c, nodeId), done: (n) => !n.target_provision_state && !n.reservation,
    clock: ctx.clock, signal: ctx.signal, timeoutMs: o.timeoutMs ?? 30 * 60_000, intervalMs: 1000, what: `Ironic node ${ctx.id} to finish '${verb}'`,
  });
  if (end.provision_state !== want) {
    throw new StackshiftError(codes.STEP_FAILED, `Ironic could not ${verb} ${ctx.id}: it is '${end.provision_state}'${end.last_error ? `, last_error: ${end.last_error}` : ''}`, {
      retry: 'never', hint: `fix the cause (BMC address and credentials in reclaim.yaml and the password reference, the node's hardware), then push a commit to retry`,
    });
  }
  return end;
}

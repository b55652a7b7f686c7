/**
 * After enrolment: inspection (hardware properties and NICs as Ironic finds them), then `provide`,
 * which cleans the node — its disks are wiped, so decide only gets here with a wipe-node
 * confirmation — and leaves it available for deployment.
 */
import * as ironic from '../../../executors/openstack/ironic.js';
import { nodeEvent } from '../events.js';
import { adminOf, type NodeContext } from './context.js';
import { provisionTo } from './ironicWait.js';

function nodeId(ctx: NodeContext): string {
  return ctx.state().ironicNodeId!;
}

export async function inspect(ctx: NodeContext): Promise<void> {
  const dst = adminOf(ctx, 'destination');
  const node = await ironic.getNode(dst, nodeId(ctx));
  // Hardware types without inspection (fake-hardware) keep the properties reclaim.yaml gave.
  const done = node.driver === 'fake-hardware' ? node : await provisionTo(ctx, dst, nodeId(ctx), 'inspect', 'manageable', { again: true });
  await ctx.record([nodeEvent('NodeInspected', { nodeId: nodeId(ctx), properties: done.properties })]);
}

export async function provide(ctx: NodeContext): Promise<void> {
  const dst = adminOf(ctx, 'destination');
  await provisionTo(ctx, dst, nodeId(ctx), 'provide', 'available', { timeoutMs: 2 * 60 * 60_000 });
  await ctx.record([nodeEvent('NodeAvailable', { nodeId: nodeId(ctx) })]);
}

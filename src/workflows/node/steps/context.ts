/**
 * What a node step receives: the workflow's activity context with the node's own state, spec and
 * ports: both clouds (their admin entries: draining, removing and enrolling are admin work), the
 * BMCs and the scale-out hook runner (built by wiring.ts).
 */
import type { Bmc } from '../../../executors/bmc/types.js';
import type { BmcConfig, ReclaimNode } from '../../../desired/configModel.js';
import { codes, StackshiftError } from '../../../errors.js';
import type { OpenStackClient } from '../../../executors/openstack/client.js';
import type { CloudSet } from '../../../ports.js';
import type { ActivityContext } from '../../module.js';
import type { NodeSpec } from '../spec.js';
import type { NodeState } from '../state.js';

export interface BmcOpener {
  open(host: string, bmc: BmcConfig): Promise<Bmc>;
  /** The BMC password, read at the moment of use (for Ironic's driver_info); never logged or recorded. */
  password(host: string, bmc: BmcConfig): Promise<string>;
}

export interface HookResult {
  exitCode: number;
  /** The last lines of its output, for an error message. */
  tail: string;
}

/** Runs a scale-out hook command with the node as JSON on stdin. */
export interface HookRunner {
  run(command: string, node: ReclaimNode, signal: AbortSignal): Promise<HookResult>;
}

/** The hardware side of node reclaim (built by wiring.ts; tests give their own). */
export interface NodeHardware {
  bmcs: BmcOpener;
  hooks: HookRunner;
}

export interface NodePorts extends CloudSet, Partial<NodeHardware> {}

export type NodeContext = ActivityContext<NodeState, NodePorts, NodeSpec>;

/** The spec of a step that only runs while the node is listed. */
export function specOf(ctx: NodeContext): NodeSpec {
  if (!ctx.desired) throw new StackshiftError(codes.STEP_FAILED, `node ${ctx.id} is no longer listed in reclaim.yaml`, { retry: 'never' });
  return ctx.desired;
}

/** The admin client of one side; node reclaim cannot work without it. */
export function adminOf(ctx: NodeContext, side: 'source' | 'destination'): OpenStackClient {
  const client = side === 'source' ? ctx.ports.sourceAdmin : ctx.ports.destinationAdmin;
  if (client) return client;
  throw new StackshiftError(codes.STEP_FAILED, `node reclaim needs an admin of the ${side} cloud, and stackshift.yaml names none (or it cannot be opened)`, {
    retry: 'never', hint: `set clouds.${side}.adminCloud in stackshift.yaml to a clouds.yaml entry with the admin role`,
  });
}

function bmcs(ctx: NodeContext): BmcOpener {
  if (!ctx.ports.bmcs) throw new StackshiftError(codes.STEP_FAILED, `no BMC access is wired into this run; ${ctx.id}'s BMC cannot be reached`, { retry: 'never' });
  return ctx.ports.bmcs;
}

export function bmcOf(ctx: NodeContext): Promise<Bmc> {
  const { node } = specOf(ctx);
  return bmcs(ctx).open(node.host, node.bmc);
}

export function bmcPassword(ctx: NodeContext): Promise<string> {
  const { node } = specOf(ctx);
  return bmcs(ctx).password(node.host, node.bmc);
}

/**
 * Step → the executor for its kind and action. Every executor is idempotent: a create looks up
 * by name and marker first, a delete of something already gone succeeds.
 */
import type { Step, StepAction } from '../../plan/model.js';
import type { InfraKind } from '../../resources/types.js';
import type { StepContext, StepOutcome } from './context.js';
import { createImage, deleteImage, updateImage } from './glance.js';
import { createNetworkOrSubnet, deleteNetworkOrSubnet, updateNetworkOrSubnet } from './neutronNetworks.js';
import { createRouter, createRouterInterface, deleteRouter, deleteRouterInterface, updateRouter } from './neutronRouters.js';
import { createSecurityGroup, createSecurityGroupRule, deleteSecurityGroup, deleteSecurityGroupRule, updateSecurityGroup } from './neutronSecurity.js';
import { createFlavor, createKeypair, deleteFlavor, deleteKeypair, updateFlavor } from './nova.js';

type Executor = (step: Step, ctx: StepContext) => Promise<StepOutcome>;

const executors: Record<InfraKind, Partial<Record<StepAction, Executor>>> = {
  network: { create: createNetworkOrSubnet, update: updateNetworkOrSubnet, delete: deleteNetworkOrSubnet },
  subnet: { create: createNetworkOrSubnet, update: updateNetworkOrSubnet, delete: deleteNetworkOrSubnet },
  router: { create: createRouter, update: updateRouter, routes: updateRouter, delete: deleteRouter },
  router_interface: { create: createRouterInterface, delete: deleteRouterInterface },
  security_group: { create: createSecurityGroup, update: updateSecurityGroup, delete: deleteSecurityGroup },
  security_group_rule: { create: createSecurityGroupRule, delete: deleteSecurityGroupRule },
  flavor: { create: createFlavor, update: updateFlavor, delete: deleteFlavor },
  keypair: { create: createKeypair, delete: deleteKeypair },
  image: { create: createImage, update: updateImage, delete: deleteImage },
};

export async function executeStep(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const run = executors[step.kind][step.action];
  if (!run) throw new Error(`no executor for ${step.action} of ${step.kind}`);
  const outcome = await run(step, ctx);
  // Later steps resolve references by name: record what now exists (or no longer does).
  if (outcome.type === 'ResourceDeleted') {
    if (!step.replace) ctx.ids.delete(step.kind, step.key);
  } else if (step.kind !== 'security_group_rule' && step.kind !== 'router_interface') {
    ctx.ids.set(step.kind, step.key, outcome.id);
  }
  return outcome;
}

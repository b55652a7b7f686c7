/**
 * The registry of infrastructure resource kinds, in the order they must exist in the
 * destination. Each kind is one file holding all its behaviour (observe, normalise, diff,
 * ownership, executors, follow-up steps); the planner, observation and the step runner only ask
 * the registry. Adding a kind is one file and one line in `resourceKinds`.
 */
import { codes, StackshiftError } from '../errors.js';
import { flavor } from './flavor.js';
import { image } from './image.js';
import { keypair } from './keypair.js';
import { network } from './network.js';
import { router } from './router.js';
import { routerInterface } from './routerInterface.js';
import { securityGroup } from './securityGroup.js';
import { securityGroupRule } from './securityGroupRule.js';
import { subnet } from './subnet.js';
import type { InfraKind, ResourceKindDef } from './types.js';

export const resourceKinds: readonly ResourceKindDef[] = [network, subnet, router, routerInterface, securityGroup, securityGroupRule, flavor, keypair, image];

/** A set of kinds by name; tests build one with extra kinds, everything else uses `kinds`. */
export class KindRegistry {
  readonly all: readonly ResourceKindDef[];
  private readonly byName: Map<InfraKind, ResourceKindDef>;

  constructor(list: readonly ResourceKindDef[]) {
    this.all = [...list].sort((a, b) => a.order - b.order);
    this.byName = new Map(list.map((k) => [k.kind, k]));
  }

  get(kind: InfraKind): ResourceKindDef {
    const def = this.byName.get(kind);
    if (!def) throw new StackshiftError(codes.INTERNAL, `no resource kind '${kind}' is registered`, { hint: 'add the kind\'s file to resourceKinds in src/resources/index.ts' });
    return def;
  }
}

export const kinds = new KindRegistry(resourceKinds);

export type { InfraKind, ResourceKindDef } from './types.js';

/**
 * The registry of infrastructure resource kinds, in the order they must exist in the
 * destination. Adding a kind means adding one file and one line here.
 */
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

export const kindByName: Record<InfraKind, ResourceKindDef> = Object.fromEntries(resourceKinds.map((k) => [k.kind, k])) as Record<InfraKind, ResourceKindDef>;

export const INFRA_KINDS: readonly InfraKind[] = resourceKinds.map((k) => k.kind);

export type { InfraKind, ResourceKindDef } from './types.js';

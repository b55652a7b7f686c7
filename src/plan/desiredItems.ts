/**
 * The desired state's infrastructure resources as DesiredItems, with stackshift.yaml's mappings
 * applied (a mapped network or flavor already exists in the destination under the mapped name).
 */
import type { DesiredState, StackshiftConfig } from '../desired/model.js';
import { kinds as registry, type KindRegistry } from '../resources/index.js';
import type { DesiredItem, MappingContext } from '../resources/types.js';
import type { DesiredResource } from '../desired/model.js';
import type { PlanPolicy } from './model.js';

export type SourceImages = NonNullable<MappingContext['sourceImages']>;

export function mappingContext(config: StackshiftConfig, sourceImages?: SourceImages): MappingContext {
  return {
    networks: { ...(config.mappings?.networks ?? {}) },
    flavors: { ...(config.mappings?.flavors ?? {}) },
    ...(sourceImages ? { sourceImages } : {}),
  };
}

export function desiredItems(desired: Pick<DesiredState, 'config' | 'resources'>, sourceImages?: SourceImages, kinds: KindRegistry = registry): DesiredItem[] {
  const ctx = mappingContext(desired.config, sourceImages);
  const resources = desired.resources as unknown as Record<string, DesiredResource[] | undefined>;
  const out: DesiredItem[] = [];
  for (const def of kinds.all) for (const resource of resources[def.kind] ?? []) out.push(...def.fromDesired(resource, ctx));
  return out;
}

export function planPolicy(config: StackshiftConfig): PlanPolicy {
  const confirmed = (config.policy?.confirmations ?? []).filter((c) => c.action === 'delete-destination-resource').map((c) => c.target);
  return { prune: config.policy?.prune === true, confirmed, adopt: [...(config.policy?.adopt ?? [])] };
}

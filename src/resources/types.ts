/**
 * The shapes every infrastructure resource kind shares. A kind turns a snapshot resource
 * (desired) and a destination API object (observed) into the same comparable `spec`, so the
 * planner compares like with like and never sees IDs: references are names, as in OS-Migrate.
 */
import type { DesiredResource as SnapshotResource, ResourceKind } from '../desired/model.js';

/** The infrastructure kinds this planner converges, in creation order. */
export type InfraKind = Extract<
  ResourceKind,
  'network' | 'subnet' | 'router' | 'router_interface' | 'security_group' | 'security_group_rule' | 'flavor' | 'keypair' | 'image'
>;

/** A reference to another resource by kind and key (its name, for named kinds). */
export interface Ref {
  kind: InfraKind;
  key: string;
}

export type Spec = Record<string, unknown>;

/** A resource as the desired state wants it in the destination (after mappings). */
export interface DesiredItem {
  kind: InfraKind;
  key: string;
  spec: Spec;
  /** What must exist before this can be created (managed or pre-existing destination resources). */
  refs: Ref[];
  file?: string;
  line?: number;
}

/** A destination resource as observed, in the same spec shape as DesiredItem. */
export interface ObservedItem {
  kind: InfraKind;
  key: string;
  id: string;
  spec: Spec;
  refs: Ref[];
  /** Carries the stackshift marker (tag, property, description) or the owner does. */
  managed: boolean;
}

export type Action = 'create' | 'update' | 'replace' | 'delete';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
  /** False when OpenStack cannot change this field in place (it forces a replace). */
  inPlace: boolean;
}

/** One resource-level decision of a plan. */
export interface Change {
  kind: InfraKind;
  key: string;
  action: Action;
  fields: FieldChange[];
  /** Why, in a sentence a reviewer understands. */
  reason: string;
  /** Deletes something in the destination (delete, replace). */
  destructive: boolean;
  /** Listed but not executed: policy.prune does not allow it, or a name clash needs a human. */
  needsConfirmation: boolean;
  /** Blocked: e.g. a same-named resource exists without the stackshift marker. */
  conflict?: boolean;
}

/** What the diff of one kind says, before the planner turns it into steps. */
export interface Diff {
  action: 'none' | 'update' | 'replace';
  fields: FieldChange[];
}

/** Context the normalisers need: mappings and the names of things, never IDs. */
export interface MappingContext {
  networks: Record<string, string>;
  flavors: Record<string, string>;
  /** Source image identity (checksums, size) by image name, when the source was observed. */
  sourceImages?: Record<string, { id: string; checksum?: string; os_hash_value?: string; size?: number }>;
}

/** A resource kind: one file each under src/resources/ (see index.ts). */
export interface ResourceKindDef {
  kind: InfraKind;
  /** Position in the creation order (lower first). */
  order: number;
  /** Converts a snapshot resource; empty when a mapping says the destination already has it. */
  fromDesired(resource: SnapshotResource, ctx: MappingContext): DesiredItem[];
  /** The identity of a spec in the destination. */
  key(spec: Spec): string;
  /** What a spec needs to exist first. */
  dependsOn(spec: Spec): Ref[];
  /** Compares desired with observed (both already matched by key). */
  diff(desired: Spec, observed: Spec): Diff;
  /** Converts one destination API object (a Neutron port may hold several interfaces). */
  fromObserved(raw: Record<string, unknown>, names: ObservedNames): ObservedItem[];
  /**
   * Whether an unmarked destination resource of the same key may be taken over instead of
   * reported as a conflict (Neutron's own `default` group; a keypair with the same public key).
   */
  adopt?(desired: Spec, observed: ObservedItem): boolean;
  /** Deletions of this kind are convergence of a managed owner, not prune (rules in a group). */
  ownedBy?: InfraKind;
}

/** ID → name lookups built from the destination lists, so observed refs are names too. */
export interface ObservedNames {
  networks: Map<string, string>;
  subnets: Map<string, string>;
  routers: Map<string, string>;
  securityGroups: Map<string, string>;
  /** Security groups carrying the marker: their rules count as managed. */
  managedSecurityGroups: Set<string>;
  managedRouters: Set<string>;
  /** Keypair names stackshift created (from the event log): keypairs carry no marker. */
  ownedKeypairs: Set<string>;
}

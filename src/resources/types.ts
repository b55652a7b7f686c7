/**
 * The shapes every infrastructure resource kind shares. A kind turns a snapshot resource
 * (desired) and a destination API object (observed) into the same comparable `spec`, so the
 * planner compares like with like and never sees IDs: references are names, as in OS-Migrate.
 */
import type { DesiredResource as SnapshotResource } from '../desired/model.js';
import type { OpenStackClient } from '../executors/openstack/clientTypes.js';
import type { StepContext, StepOutcome } from '../executors/infra/context.js';
import type { Step } from '../plan/model.js';

/**
 * The name of an infrastructure kind ('network', 'router_interface', ...): whatever the registry
 * in index.ts lists. Open on purpose: adding a kind is one file and one registry line.
 */
export type InfraKind = string;

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
  /** Takes over a same-named resource without the marker (policy.adopt): it gets the marker first. */
  adopt?: boolean;
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

type Raw = Record<string, unknown>;

/** What a kind's observe() may read with: GETs only. */
export interface ObserveContext {
  client: OpenStackClient;
  /** The destination's admin, when configured (public flavors). */
  admin?: OpenStackClient;
  projectId: string;
  /**
   * What the desired state wants (before source images are known), when the observation is for a
   * plan of it: a kind may then skip reads that only some changes need. Absent: read everything.
   */
  desired?: DesiredItem[];
}

export type Executor = (step: Step, ctx: StepContext) => Promise<StepOutcome>;

/**
 * A resource kind: one file each under src/resources/ (see index.ts), holding all of the kind's
 * behaviour, so src/plan/ and src/executors/infra/ name no kind.
 */
export interface ResourceKindDef {
  kind: InfraKind;
  /** Position in the creation order (lower first). */
  order: number;
  /** The raw destination collection this kind is observed from (a key of RawDestination). */
  collection: string;
  /** Reads that collection from the destination. */
  observe(ctx: ObserveContext): Promise<Raw[]>;
  /** Converts a snapshot resource; empty when a mapping says the destination already has it. */
  fromDesired(resource: SnapshotResource, ctx: MappingContext): DesiredItem[];
  /** The identity of a spec in the destination. */
  key(spec: Spec): string;
  /** What a spec needs to exist first. */
  dependsOn(spec: Spec): Ref[];
  /** Compares desired with observed (both already matched by key). */
  diff(desired: Spec, observed: Spec): Diff;
  /** Converts one destination API object (a Neutron port may hold several interfaces). */
  fromObserved(raw: Raw, names: ObservedNames): ObservedItem[];
  /**
   * Whether an unmarked destination resource of the same key may be taken over instead of
   * reported as a conflict (Neutron's own `default` group; a keypair with the same public key).
   */
  adopt?(desired: Spec, observed: ObservedItem): boolean;
  /** Deletions of this kind are convergence of a managed owner, not prune (rules in a group). */
  ownedBy?: InfraKind;
  /** Extra resources of this kind under an owner stackshift converges are deleted without prune. */
  convergesWithOwner?: boolean;
  /** Neutron resources can belong to another project (the shared external network): never managed then. */
  projectScoped?: boolean;
  /** Other kinds refer to this one by ID: observation indexes its names by ID. */
  namedById?: boolean;
  /** Whether an observed resource owns managed children (a marked router's interfaces). */
  managesChildren?(raw: Raw, ours: boolean): boolean;
  /** 'event-log': the cloud keeps no marker (keypairs); owned when the log says stackshift created it. */
  ownership?: 'marker' | 'event-log';
  /** Steps of this kind make a resource later steps refer to by name (default true). */
  registersId?: boolean;
  /** Ready steps of higher priority start first (long data copies overlap the rest). */
  priority?: number;
  /**
   * About how long one step of this kind takes on a real cloud, relative to a plain create (1):
   * among ready steps of equal priority, those heading the longest chain of work start first,
   * so slow steps at the end of the DAG (router interfaces, ~4 s each) do not wait behind
   * a queue of quick ones. Default 1.
   */
  stepCost?: number;
  /**
   * Splits a create or an update whose part must wait for other steps (a router's routes wait
   * for its interfaces): the spec to create now, and a follow-up step after the given steps.
   */
  followUp?(desired: DesiredItem, action: 'create' | 'update', fields: string[]): FollowUp | undefined;
  /**
   * What of a desired spec this destination can take, with a sentence for the plan about each
   * part it cannot (a router gateway address outside the destination's external subnet): the
   * spec planned leaves that part to the destination. Absent: the spec is planned as it is.
   */
  fitToDestination?(desired: DesiredItem, observedOf: (kind: InfraKind, key: string) => ObservedItem[]): { spec: Spec; notes: string[] };
  /** The step executors of this kind, by action. */
  executors: Partial<Record<string, Executor>>;
  /**
   * Several ready create steps of this kind in one request (Neutron's bulk rule create), one
   * outcome per step in their order. All or nothing: when it throws, each step runs on its own
   * through `executors.create`, which then says which one failed and why.
   */
  createMany?: (steps: Step[], ctx: StepContext) => Promise<StepOutcome[]>;
  /** Only steps with the same key go in one createMany request (Neutron takes the rules of one group at a time). */
  batchKey?: (step: Step) => string;
}

export interface FollowUp {
  /** For a create: the spec created first (without the part that waits). */
  createSpec?: Spec;
  /** For a create: a separate follow-up step of this action and spec; absent for an update (the update itself waits). */
  step?: { action: string; spec: Spec };
  /** Which other steps the follow-up (or the update) must wait for. */
  after(step: Step): boolean;
}

/** ID → name lookups built from the destination lists, so observed refs are names too. */
export interface ObservedNames {
  /** The name of a resource of `kind` by its destination ID (undefined when not observed). */
  nameOf(kind: InfraKind, id: string): string | undefined;
  /** Whether the named resource of `kind` owns managed children (a marked router or group). */
  managesChildren(kind: InfraKind, name: string): boolean;
  /** Whether the event log says stackshift created it (kinds with ownership 'event-log'). */
  ownedByLog(kind: InfraKind, name: string): boolean;
}

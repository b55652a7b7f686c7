/**
 * The typed model of a desired-state repository, as the planner consumes it.
 *
 * Snapshot resources keep OS-Migrate's shape and field names exactly (`params` is what the
 * destination should look like, `info` is `_info`: facts about the source, never used to create
 * anything), so a file exported by OS-Migrate and a hand-written one read the same way.
 * References between resources are OS-Migrate `*_ref` objects: `{name, project_name, domain_name}`
 * where `'%auth%'` means "the project (or domain) we authenticate as".
 *
 * Everything here is plain data; the loader (load.ts) guarantees that when `problems` is empty
 * every reference named below resolves inside the repository (except refs to things that must
 * already exist in the destination, such as the external network `public`).
 */

export * from './params.js';
import type {
  FlavorParams, ImageParams, KeypairParams, NetworkParams, RouterInterfaceParams, RouterParams, SecurityGroupParams,
  SecurityGroupRuleParams, ServerParams, SubnetParams, VolumeParams,
} from './params.js';

/** Kind names used in streams (`resource:<kind>/<name>`) and in `DesiredState.resources`. */
export type ResourceKind =
  | 'network'
  | 'subnet'
  | 'router'
  | 'router_interface'
  | 'security_group'
  | 'security_group_rule'
  | 'image'
  | 'flavor'
  | 'keypair'
  | 'volume'
  | 'server';

export interface ParamsByKind {
  network: NetworkParams;
  subnet: SubnetParams;
  router: RouterParams;
  router_interface: RouterInterfaceParams;
  security_group: SecurityGroupParams;
  security_group_rule: SecurityGroupRuleParams;
  image: ImageParams;
  flavor: FlavorParams;
  keypair: KeypairParams;
  volume: VolumeParams;
  server: ServerParams;
}

/** OS-Migrate `type` strings (sic: subnet is `openstack.subnet.Subnet`). */
export const RESOURCE_TYPES = {
  network: 'openstack.network.Network',
  subnet: 'openstack.subnet.Subnet',
  router: 'openstack.network.Router',
  router_interface: 'openstack.network.RouterInterface',
  security_group: 'openstack.network.SecurityGroup',
  security_group_rule: 'openstack.network.SecurityGroupRule',
  image: 'openstack.image.Image',
  flavor: 'openstack.compute.Flavor',
  keypair: 'openstack.compute.Keypair',
  volume: 'openstack.network.ServerVolume',
  server: 'openstack.compute.Server',
} as const satisfies Record<ResourceKind, string>;

/** Snapshot file (under snapshots/) holding each kind, as OS-Migrate names them. */
export const SNAPSHOT_FILES = {
  network: 'networks.yml',
  subnet: 'subnets.yml',
  router: 'routers.yml',
  router_interface: 'router_interfaces.yml',
  security_group: 'security_groups.yml',
  security_group_rule: 'security_group_rules.yml',
  image: 'images.yml',
  flavor: 'flavors.yml',
  keypair: 'keypairs.yml',
  volume: 'detached_volumes.yml',
  server: 'workloads.yml',
} as const satisfies Record<ResourceKind, string>;

/** Kinds in the order their resources must exist in the destination. */
export const KIND_ORDER: readonly ResourceKind[] = [
  'network', 'subnet', 'router', 'router_interface', 'security_group', 'security_group_rule',
  'image', 'flavor', 'keypair', 'volume', 'server',
];

/** One snapshot resource, with where it was written. */
export interface DesiredResource<K extends ResourceKind = ResourceKind> {
  kind: K;
  type: (typeof RESOURCE_TYPES)[K];
  params: ParamsByKind[K];
  /** OS-Migrate `_info`: source-cloud facts (`id`, `checksum`, `size`, `status`, ...). */
  info: Record<string, unknown> & { id: string };
  /** OS-Migrate `_migration_params`, when present (servers and volumes). */
  migrationParams?: Record<string, unknown>;
  /** Repository-relative path, e.g. `snapshots/networks.yml`. */
  file: string;
  /** 1-based line of the resource's `- type:` entry. */
  line: number;
}

export type ResourcesByKind = { [K in ResourceKind]: DesiredResource<K>[] };

export * from './configModel.js';
import type { ReclaimPlan, StackshiftConfig, WorkloadSelection } from './configModel.js';

/** Everything a commit of the desired-state repository asks for. */
export interface DesiredState {
  /** stackshift.yaml */
  config: StackshiftConfig;
  /** snapshots/*.yml, grouped by kind, in file order. */
  resources: ResourcesByKind;
  /** workloads.yaml (an empty selection when the file is absent). */
  workloads: WorkloadSelection;
  /** reclaim.yaml (no nodes when the file is absent). */
  reclaim: ReclaimPlan;
}

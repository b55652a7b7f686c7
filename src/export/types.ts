/**
 * Shapes the exporter works with: a snapshot resource exactly as written to a file (OS-Migrate's
 * `{type, params, _info}`), what was observed in the cloud, and the context kind builders share.
 */
import type { ResourceKind } from '../desired/model.js';
import type { Flavor, Keypair, Server } from '../executors/openstack/nova.js';
import type { FloatingIp, Network, Port, Router, SecurityGroup, SecurityGroupRule, Subnet } from '../executors/openstack/neutron.js';
import type { Image } from '../executors/openstack/glance.js';
import type { Volume } from '../executors/openstack/cinder.js';

export interface SnapshotResource {
  type: string;
  params: Record<string, unknown>;
  _info: Record<string, unknown> & { id?: string };
  _migration_params?: Record<string, unknown>;
}

export interface Ref {
  name: string;
  project_name: string | null;
  domain_name: string | null;
}

/** Everything read from the source cloud in one export (only the lists the chosen kinds need). */
export interface Observed {
  projectId: string;
  networks: Network[];
  subnets: Subnet[];
  routers: Router[];
  ports: Port[];
  securityGroups: SecurityGroup[];
  securityGroupRules: SecurityGroupRule[];
  floatingIps: FloatingIp[];
  images: Image[];
  flavors: Flavor[];
  keypairs: Keypair[];
  volumes: Volume[];
  servers: Server[];
  /** Things the operator should know (a service the cloud lacks). */
  warnings: string[];
}
export type ObservedList = Exclude<keyof Observed, 'projectId' | 'warnings'>;

export interface BuildContext {
  observed: Observed;
  /** A reference to a resource owned by `projectId` ('%auth%' for the exporting project). */
  ref(name: string, projectId: string | undefined): Ref;
}

export interface KindExporter {
  kind: ResourceKind;
  /** Observed lists this kind is built from. */
  needs: ObservedList[];
  build(ctx: BuildContext): SnapshotResource[];
  /** The name the --name-filter applies to (a rule's security group, an interface's router). */
  filterName(r: SnapshotResource): string;
  /** Stable order within the file. */
  sortKey(r: SnapshotResource): string;
}

/**
 * What a simulated cloud starts with. A Scenario seeds two clouds (source and destination):
 * identity (projects, users with passwords, application credentials), compute hosts, bare-metal
 * machines with their BMCs, quotas, and existing resources in OS-Migrate's own form
 * (`{type, params, _info}`, as in example-repo/snapshots/*.yml), so a snapshot file can be replayed
 * into a cloud as-is. Each service module seeds the resource types it serves.
 * Loading from YAML lives in scenarioLoad.ts; the built-in default in scenarioDefault.ts.
 */

export interface Scenario {
  /** Seed of the id generators (source uses it, destination seed + 1). Default 1. */
  seed?: number;
  source: CloudScenario;
  destination: CloudScenario;
}

export interface CloudScenario {
  region?: string;
  /** Token lifetime; Keystone's default is 3600. */
  tokenLifetimeSeconds?: number;
  projects: ProjectSeed[];
  users: UserSeed[];
  applicationCredentials?: AppCredentialSeed[];
  hosts?: HostSeed[];
  baremetal?: BaremetalSeed[];
  /** Default quota per resource name for every project (Neutron 'network', Nova 'instances', Cinder 'volumes', ...). */
  quotas?: Record<string, number>;
  /** Existing resources, OS-Migrate form. Owned by `project` (a project name; default: the first non-admin project). */
  resources?: ResourceSeed[];
  /** Names of servers that are conversion hosts: volumes attached to them appear as device files. */
  conversionHosts?: string[];
  /** Size of the deterministic bytes generated for each seeded image (default 2 MiB). */
  imageBytes?: number;
}

export interface ProjectSeed {
  name: string;
  id?: string;
  description?: string;
}

export interface UserSeed {
  name: string;
  password: string;
  /** Project the user has roles on (and is scoped to by default). */
  project: string;
  /** Role names on that project; default ['member', 'reader']. 'admin' makes an admin. */
  roles?: string[];
  id?: string;
  email?: string;
}

export interface AppCredentialSeed {
  /** Owner's user name; the credential is scoped to the user's project. */
  user: string;
  name: string;
  secret: string;
  id?: string;
  roles?: string[];
}

export interface HostSeed {
  name: string;
  vcpus: number;
  memory_mb: number;
  disk_gb: number;
  zone?: string;
}

export interface BmcSeed {
  driver: 'redfish' | 'ipmi';
  address: string;
  port?: number;
  username: string;
  /** Where the real password comes from (a file or variable name); never the password itself. */
  passwordRef: string;
  /** The password the simulated BMC accepts (default 'password'). */
  password?: string;
}

export interface BaremetalSeed {
  name: string;
  bmc: BmcSeed;
  macs: string[];
  /** Already enrolled in Ironic (default false: only reachable through its BMC). */
  inIronic?: boolean;
  /** Compute host this machine is (it is a hypervisor in Nova until reclaimed). */
  host?: string;
  vcpus?: number;
  memory_mb?: number;
  disk_gb?: number;
}

/** One resource in OS-Migrate's form; `project` names its owner. */
export interface ResourceSeed {
  type: string;
  params: Record<string, unknown>;
  _info?: Record<string, unknown>;
  project?: string;
}

/** The project that owns a seeded resource. */
export function ownerOf(scenario: CloudScenario, resource: ResourceSeed): string {
  return resource.project ?? scenario.projects.find((p) => p.name !== 'admin')?.name ?? scenario.projects[0]?.name ?? 'admin';
}

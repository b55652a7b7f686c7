/**
 * Nova's entities as the simulator keeps them: plain records, one per compute host, flavor,
 * keypair, server, migration and instance action. Views (views.ts) turn them into the JSON
 * bodies of the API reference for a given microversion.
 */
export type VmState = 'building' | 'active' | 'stopped' | 'resized' | 'paused' | 'error' | 'deleted';
export type TaskState =
  | null
  | 'scheduling'
  | 'networking'
  | 'block_device_mapping'
  | 'spawning'
  | 'powering-off'
  | 'powering-on'
  | 'deleting'
  | 'migrating'
  | 'resize_prep'
  | 'resize_migrating'
  | 'resize_migrated'
  | 'resize_finish'
  | 'resize_confirming'
  | 'resize_reverting'
  | 'rebuilding'
  | 'image_snapshot'
  | 'image_uploading';

/** Power states as Nova reports them in OS-EXT-STS:power_state. */
export const PowerState = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, CRASHED: 6, SUSPENDED: 7 } as const;

/**
 * Nova's side of a compute host: its nova-compute service record. Capacity and allocations live
 * in the core's ComputeHosts (shared with Placement); the hypervisor uuid is the core host id.
 */
export interface ComputeService {
  id: string; // the host name
  serviceId: string; // uuid (≥2.53)
  serviceNumericId: number; // < 2.53
  hypervisorNumericId: number;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  state: 'up' | 'down';
  forcedDown: boolean;
  hostIp: string;
  updatedAt: string;
}

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  swap: number;
  rxtxFactor: number;
  isPublic: boolean;
  disabled: boolean;
  description: string | null;
  extraSpecs: Record<string, string>;
  access: string[]; // project ids of a private flavor
}

export interface Keypair {
  id: string; // `${userId}/${name}`: keypairs are per user
  name: string;
  userId: string;
  publicKey: string;
  fingerprint: string;
  type: 'ssh' | 'x509';
  createdAt: string;
  numericId: number;
}

export interface VolumeAttachmentRecord {
  volumeId: string;
  attachmentId: string; // the Cinder attachment
  bdmUuid: string;
  device: string;
  tag: string | null;
  deleteOnTermination: boolean;
  bootIndex: number | null;
}

export interface Fault {
  code: number;
  message: string;
  details: string;
  created: string;
}

export interface Server {
  id: string;
  name: string;
  projectId: string;
  userId: string;
  flavor: Flavor; // embedded copy, as Nova keeps instance.flavor
  imageId: string; // '' when booted from volume
  keyName: string | null;
  metadata: Record<string, string>;
  securityGroups: string[];
  portIds: string[];
  /** Ports Nova created for `networks: [{uuid}]`: deleted with the server (others are only unbound). */
  ownedPortIds: string[];
  host: string | null;
  vmState: VmState;
  taskState: TaskState;
  powerState: number;
  fault: Fault | null;
  availabilityZone: string;
  createdAt: string;
  updatedAt: string;
  launchedAt: string | null;
  volumes: VolumeAttachmentRecord[];
  description: string | null;
  locked: boolean;
  tags: string[];
  /** Host the server is moving from while a cold migration awaits confirmResize. */
  sourceHost: string | null;
  /** vm_state to return to after a resize is confirmed or reverted (a stopped server stays stopped). */
  previousVmState: VmState | null;
}

export interface Migration {
  id: string; // the uuid
  numericId: number;
  instanceUuid: string;
  projectId: string;
  userId: string;
  sourceCompute: string;
  destCompute: string | null;
  status: string;
  migrationType: 'live-migration' | 'migration' | 'resize' | 'evacuation';
  flavorId: string;
  createdAt: string;
  updatedAt: string;
  memoryTotalBytes: number;
  memoryProcessedBytes: number;
}

export interface InstanceActionEvent {
  event: string;
  startTime: string;
  finishTime: string | null;
  result: 'Success' | 'Error' | null;
  host: string | null;
  traceback: string | null;
  details: string | null;
}

export interface InstanceAction {
  id: string; // `${instanceUuid}/${requestId}`
  action: string;
  instanceUuid: string;
  requestId: string;
  userId: string;
  projectId: string;
  startTime: string;
  updatedAt: string;
  message: string | null;
  events: InstanceActionEvent[];
}

export interface NovaQuota {
  instances: number;
  cores: number;
  ram: number;
  key_pairs: number;
  metadata_items: number;
  server_groups: number;
  server_group_members: number;
}

export const DEFAULT_NOVA_QUOTA: NovaQuota = {
  instances: 10,
  cores: 20,
  ram: 51200,
  key_pairs: 100,
  metadata_items: 128,
  server_groups: 10,
  server_group_members: 10,
};

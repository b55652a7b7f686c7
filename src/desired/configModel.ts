/**
 * Types of the three files whose format is ours: stackshift.yaml (the migration), workloads.yaml
 * (the selection) and reclaim.yaml (the node reclaim plan). Field names match the YAML keys one
 * to one; the few derived fields (`durationMs`, the resolved workload settings) say so.
 * schemas/*.schema.json document every field for operators.
 */

/** Where a value was written, for messages that point at it. */
export interface Located {
  file: string;
  line: number;
}

/** A cloud by its clouds.yaml entry name (credentials never live in the repository). */
export interface CloudSelector {
  /** clouds.yaml entry of a member of the project being migrated (e.g. `src`, `dst`). */
  cloud: string;
  /** clouds.yaml entry of an admin of the same cloud (e.g. `src-admin`); needed for flavors and node reclaim. */
  adminCloud?: string;
}

/** One end of a conversion-host pair. */
export interface ConversionHost {
  /** Server name of the conversion host in its cloud. */
  server: string;
  /** Address stackshift connects to over SSH. */
  address: string;
  port: number;
  user: string;
  /** Pinned SSH host public key (`ssh-ed25519 AAAA...`); a different key aborts the connection. */
  hostKey: string;
  /** Path to the private key on the machine running stackshift (never the key itself). */
  privateKeyPath: string;
  /** Where attached volumes appear on the host (`virtio-<first 20 characters of the volume id>`). */
  devicesDir: string;
}

export interface ConversionHostPair extends Located {
  name: string;
  source: ConversionHost;
  destination: ConversionHost;
}

/** Source name → destination name. */
export interface Mappings {
  networks: Record<string, string>;
  volumeTypes: Record<string, string>;
  availabilityZones: Record<string, string>;
  flavors: Record<string, string>;
}

export interface TransferLimits {
  /** Volume copies running at once on one conversion-host pair. */
  parallelTransfersPerPair: number;
  /** Upper bound on all copies together, in megabits per second; absent = unlimited. */
  totalBandwidthMbps?: number;
  /** OpenSSH `Ciphers` of the host-to-host copy session, in order of preference; absent = copyVolume's default. */
  ciphers?: string[];
}

export interface MaintenanceWindow extends Located {
  name: string;
  /** Five-field cron expression for when the window opens. */
  schedule: string;
  /** As written, e.g. `4h` or `1h30m`. */
  duration: string;
  /** Derived from `duration`. */
  durationMs: number;
  /** IANA time zone the schedule is read in, e.g. `Europe/Berlin`. */
  timeZone: string;
}

export type ConfirmationAction =
  | 'delete-source-server'
  | 'delete-destination-server'
  | 'delete-destination-volume'
  | 'delete-destination-resource'
  | 'wipe-node';

/** An explicit, reviewed permission for one irreversible step. */
export interface Confirmation {
  action: ConfirmationAction;
  /** Server name, `<kind>/<name>` of a resource, or compute host name. */
  target: string;
  reason?: string;
}

export interface Policy {
  /** Delete destination resources stackshift created that are no longer desired. */
  prune: boolean;
  confirmations: Confirmation[];
  /** `<kind>/<name>` of same-named destination resources without the marker that stackshift may take over. */
  adopt?: string[];
}

export interface StackshiftConfig {
  version: 1;
  source: CloudSelector;
  destination: CloudSelector;
  conversionHosts: ConversionHostPair[];
  mappings: Mappings;
  transfer: TransferLimits;
  windows: MaintenanceWindow[];
  policy: Policy;
}

export type MigrationMode = 'cold' | 'warm';

/** Warm migration's passes before the cutover (workloads.yaml `warm:`). */
export interface WarmSettings {
  /** A refresh pass this long after the last pass, while the window is closed; absent: none. */
  refreshEveryMs?: number;
  /** At most this many refresh passes; absent: no limit. */
  maxRefreshes?: number;
}
export type CopyVia = 'conversion-hosts' | 'image';

/** One selected workload with defaults applied. */
export interface SelectedWorkload extends Located {
  /** Name of an exported server in snapshots/workloads.yml. */
  server: string;
  wave: number;
  mode: MigrationMode;
  /** Set when mode is warm. */
  warm?: WarmSettings;
  /** May stackshift stop the source server (cold migration needs it SHUTOFF)? */
  stopSource: boolean;
  /** Maintenance window name; absent = any time. */
  window?: string;
  /** Copy the boot disk (forced true for boot-from-volume servers). */
  bootDiskCopy: boolean;
  /** Copy the disks' bytes; false: boot from the migrated image with pre-created or empty volumes. */
  dataCopy: boolean;
  /** How the bytes travel: host to host over SSH, or through Glance on both sides. */
  copyVia: CopyVia;
  /** Conversion-host pair name; absent = any pair. */
  conversionHostPair?: string;
  /** Per-workload mappings, already merged over stackshift.yaml's. */
  mappings: Mappings;
}

/** workloads.yaml's `defaults:` as written, which detached volumes follow too (they have no entry of their own). */
export interface WorkloadDefaults {
  copyVia?: CopyVia;
  conversionHostPair?: string;
  /** Merged over stackshift.yaml's. */
  mappings: Mappings;
}

export interface WorkloadSelection {
  workloads: SelectedWorkload[];
  /** Absent without a workloads.yaml. */
  defaults?: WorkloadDefaults;
}

export type ReclaimStage = 'quiesced' | 'removed' | 'enrolled' | 'available' | 'deployed';
export const RECLAIM_STAGES: readonly ReclaimStage[] = ['quiesced', 'removed', 'enrolled', 'available', 'deployed'];

export type DrainStrategy = 'live-migrate' | 'cold-migrate' | 'wait';

export interface BmcConfig {
  driver: 'ipmi' | 'redfish';
  /** Host name or IP of the BMC (redfish: may include a scheme, `https://10.0.0.5`). */
  address: string;
  port?: number;
  username: string;
  /** File holding the BMC password (read at run time, never logged). */
  passwordFile?: string;
  /** Environment variable holding the BMC password. */
  passwordEnv?: string;
  /** IPMI: the RMCP+ cipher suite (ipmitool -C, Ironic's ipmi_cipher_suite); 3 when absent. */
  cipherSuite?: number;
  /** Redfish system id, e.g. `/redfish/v1/Systems/1`. */
  systemId?: string;
  /** Redfish: HTTP Basic on every request (default), or one login session (X-Auth-Token) ended at the step's end. */
  auth?: 'basic' | 'session';
  /** Redfish: verify the BMC's TLS certificate. */
  verifyTls?: boolean;
  /** Redfish: SHA-256 fingerprint pinning the BMC's (self-signed) certificate. */
  certificateSha256?: string;
}

export interface IronicPort {
  /** MAC address of a NIC that PXE boots or carries tenant traffic. */
  address: string;
  pxeEnabled: boolean;
}

export interface IronicEnrolment {
  driver: 'ipmi' | 'redfish';
  resourceClass: string;
  properties: Record<string, string | number | boolean>;
  ports: IronicPort[];
}

export interface ReclaimNode extends Located {
  /** Compute host name in the source cloud (`nova service-list` host). */
  host: string;
  /** How far this node should go: quiesced → removed → enrolled → available → deployed. */
  stage: ReclaimStage;
  drain: DrainStrategy;
  bmc: BmcConfig;
  ironic: IronicEnrolment;
  /** Name of the scale-out hook run at stage `deployed`. */
  scaleOutHook?: string;
}

export interface ReclaimPlan {
  /** Percent of each resource kept free on the hosts that stay (default 10). */
  headroomPercent: number;
  /** Servers moved off one node at the same time (default 2). */
  movesAtOnce: number;
  /** How long one move may take before it counts as stalled and a live migration is aborted (default 15 min). */
  moveTimeoutMs: number;
  nodes: ReclaimNode[];
}

/**
 * Ironic's node and port records. `driverInfo` keeps secrets in clear inside the simulator (the
 * verifying step compares them with the BMC's); views mask every *password* field as '******'.
 */
export interface Node {
  id: string; // uuid
  name: string | null;
  driver: string;
  driverInfo: Record<string, unknown>;
  properties: Record<string, unknown>;
  extra: Record<string, unknown>;
  resourceClass: string | null;
  provisionState: string;
  targetProvisionState: string | null;
  powerState: string | null;
  targetPowerState: string | null;
  lastError: string | null;
  maintenance: boolean;
  maintenanceReason: string | null;
  reservation: string | null; // the conductor holding the lock
  bootDevice: string | null;
  instanceUuid: string | null;
  instanceInfo: Record<string, unknown>;
  interfaces: Record<string, string | null>; // boot_interface, deploy_interface, ...
  traits: string[];
  description: string | null;
  owner: string | null;
  createdAt: string;
  updatedAt: string | null;
  provisionUpdatedAt: string | null;
  inspectionStartedAt: string | null;
  inspectionFinishedAt: string | null;
}

export interface Port {
  id: string; // uuid
  address: string; // lower-case MAC
  nodeId: string;
  pxeEnabled: boolean;
  physicalNetwork: string | null;
  localLinkConnection: Record<string, unknown>;
  extra: Record<string, unknown>;
  name: string | null;
  createdAt: string;
  updatedAt: string | null;
}

/** Hardware types this simulated conductor has enabled (enabled_hardware_types). */
export const ENABLED_DRIVERS = ['ipmi', 'redfish', 'fake-hardware'];

export const INTERFACE_FIELDS = [
  'bios_interface',
  'boot_interface',
  'console_interface',
  'deploy_interface',
  'firmware_interface',
  'inspect_interface',
  'management_interface',
  'network_interface',
  'power_interface',
  'raid_interface',
  'rescue_interface',
  'storage_interface',
  'vendor_interface',
] as const;

/** Masks secrets the way Ironic does on read: any driver_info key containing 'password'. */
export function maskDriverInfo(info: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(info)) out[k] = /password|secret|key$/i.test(k) && v !== undefined && v !== null ? '******' : v;
  return out;
}

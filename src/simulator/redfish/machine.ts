/**
 * A simulated bare-metal machine and the pure rules of its BMC: power state, one-shot or
 * continuous boot override, resets. The Redfish endpoint (server.ts) and Ironic (verifying,
 * inspection, power) both act on the same record, as both talk to the same physical BMC.
 */
export type RedfishPower = 'On' | 'Off';

export const RESET_TYPES = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'ForceOn', 'PushPowerButton', 'PowerCycle'] as const;
export type ResetType = (typeof RESET_TYPES)[number];

export const BOOT_TARGETS = ['None', 'Pxe', 'Cd', 'Hdd', 'BiosSetup', 'UefiHttp'] as const;
export const BOOT_ENABLED = ['Disabled', 'Once', 'Continuous'] as const;
export const BOOT_MODES = ['UEFI', 'Legacy'] as const;

export interface BareMetalMachine {
  /** Redfish system id (also the path segment under /redfish/v1/Systems/). */
  id: string;
  name: string;
  uuid: string;
  username: string;
  password: string;
  powerState: RedfishPower;
  boot: { target: string; enabled: string; mode: string };
  cpus: number;
  memoryMb: number;
  localGb: number;
  cpuArch: string;
  macs: string[];
  /** What the machine booted from last (Pxe after a reset with a Pxe override): lets tests see a PXE boot happen. */
  lastBootSource: string | null;
  /** Bumped on every change; the ETag is W/"<etag>". */
  etag: number;
}

export function newMachine(seed: Partial<BareMetalMachine> & { id: string; uuid: string; username: string; password: string }): BareMetalMachine {
  return {
    name: seed.id,
    powerState: 'Off',
    boot: { target: 'None', enabled: 'Disabled', mode: 'UEFI' },
    cpus: 8,
    memoryMb: 32768,
    localGb: 500,
    cpuArch: 'x86_64',
    macs: [],
    lastBootSource: null,
    etag: 1,
    ...seed,
  };
}

/** A power-on boots the machine: a Once override is consumed (reset to Disabled), as Redfish says. */
function boot(m: BareMetalMachine): void {
  m.powerState = 'On';
  m.lastBootSource = m.boot.enabled === 'Disabled' || m.boot.target === 'None' ? 'Hdd' : m.boot.target;
  if (m.boot.enabled === 'Once') m.boot = { ...m.boot, enabled: 'Disabled', target: 'None' };
}

/** Applies a ComputerSystem.Reset; returns an error message when the reset makes no sense now. */
export function applyReset(m: BareMetalMachine, type: ResetType): string | null {
  switch (type) {
    case 'On':
    case 'ForceOn':
      if (m.powerState === 'On') return null; // idempotent, as most BMCs treat it
      boot(m);
      break;
    case 'ForceOff':
    case 'GracefulShutdown':
      m.powerState = 'Off';
      break;
    case 'PushPowerButton':
      if (m.powerState === 'On') m.powerState = 'Off';
      else boot(m);
      break;
    case 'GracefulRestart':
    case 'ForceRestart':
    case 'PowerCycle':
      if (m.powerState === 'Off' && type !== 'PowerCycle') return `The system is powered off; ${type} needs it on`;
      boot(m);
      break;
    case 'Nmi':
      if (m.powerState === 'Off') return 'The system is powered off; Nmi needs it on';
      break;
  }
  m.etag++;
  return null;
}

/** Validates and applies a PATCH of Boot; returns an error message or null. */
export function applyBootPatch(m: BareMetalMachine, patch: Record<string, unknown>): string | null {
  const next = { ...m.boot };
  const target = patch.BootSourceOverrideTarget;
  const enabled = patch.BootSourceOverrideEnabled;
  const mode = patch.BootSourceOverrideMode;
  if (target !== undefined) {
    if (typeof target !== 'string' || !(BOOT_TARGETS as readonly string[]).includes(target)) return `The value ${JSON.stringify(target)} for the property BootSourceOverrideTarget is not in the list of acceptable values.`;
    next.target = target;
  }
  if (enabled !== undefined) {
    if (typeof enabled !== 'string' || !(BOOT_ENABLED as readonly string[]).includes(enabled)) return `The value ${JSON.stringify(enabled)} for the property BootSourceOverrideEnabled is not in the list of acceptable values.`;
    next.enabled = enabled;
  }
  if (mode !== undefined) {
    if (typeof mode !== 'string' || !(BOOT_MODES as readonly string[]).includes(mode)) return `The value ${JSON.stringify(mode)} for the property BootSourceOverrideMode is not in the list of acceptable values.`;
    next.mode = mode;
  }
  // Setting a target without saying for how long means Once, as sushy-tools does.
  if (target !== undefined && enabled === undefined && next.enabled === 'Disabled' && next.target !== 'None') next.enabled = 'Once';
  m.boot = next;
  m.etag++;
  return null;
}

export function systemBody(m: BareMetalMachine): Record<string, unknown> {
  const base = `/redfish/v1/Systems/${m.id}`;
  return {
    '@odata.type': '#ComputerSystem.v1_13_0.ComputerSystem',
    '@odata.id': base,
    '@odata.context': '/redfish/v1/$metadata#ComputerSystem.ComputerSystem',
    '@odata.etag': `W/"${m.etag}"`,
    Id: m.id,
    Name: m.name,
    UUID: m.uuid,
    Manufacturer: 'stackshift simulator',
    Status: { State: 'Enabled', Health: 'OK', HealthRollUp: 'OK' },
    PowerState: m.powerState,
    Boot: {
      BootSourceOverrideEnabled: m.boot.enabled,
      BootSourceOverrideTarget: m.boot.target,
      'BootSourceOverrideTarget@Redfish.AllowableValues': [...BOOT_TARGETS],
      BootSourceOverrideMode: m.boot.mode,
    },
    ProcessorSummary: { Count: m.cpus, Status: { State: 'Enabled', Health: 'OK', HealthRollUp: 'OK' } },
    MemorySummary: { TotalSystemMemoryGiB: Math.round(m.memoryMb / 1024), Status: { State: 'Enabled', Health: 'OK', HealthRollUp: 'OK' } },
    Actions: {
      '#ComputerSystem.Reset': {
        target: `${base}/Actions/ComputerSystem.Reset`,
        'ResetType@Redfish.AllowableValues': [...RESET_TYPES],
      },
    },
    Links: {},
  };
}

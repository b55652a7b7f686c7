/**
 * The bare-metal machines of a cloud (scenario `baremetal:`), kept in cloud state so a reset
 * restores them. Each has a BMC: Redfish machines get a real HTTP endpoint (server.ts, started
 * once per cloud and looking the machine up on every request); IPMI machines are matched by
 * address and port only. Ironic's verifying step, its power calls and inspection act on the
 * same record, as they would on the same physical BMC.
 */
import type { SimCloud } from '../core/cloud.js';
import type { Collection } from '../core/state.js';
import type { BaremetalSeed } from '../scenario.js';
import { newMachine, type BareMetalMachine } from './machine.js';

export interface MachineRecord extends BareMetalMachine {
  driver: 'redfish' | 'ipmi';
  /** Address and port as the scenario (reclaim.yaml) names them. */
  seededAddress: string;
  seededPort: number | null;
  /** The live Redfish endpoint, http://127.0.0.1:<port>, once started. */
  bmcUrl: string | null;
  inIronic: boolean;
  computeHost: string | null;
}

export const machines = (c: SimCloud): Collection<MachineRecord> => c.state.collection<MachineRecord>('baremetal_machines');

/** Live BMC URLs survive a reset (the listeners do); kept outside the cleared state per cloud. */
const liveUrls = new WeakMap<SimCloud, Map<string, string>>();

export function rememberBmcUrl(c: SimCloud, machineId: string, url: string): void {
  let m = liveUrls.get(c);
  if (!m) liveUrls.set(c, (m = new Map()));
  m.set(machineId, url);
  const record = machines(c).get(machineId);
  if (record) record.bmcUrl = url;
}

/**
 * Machines are physical: a node reclaimed from the source cloud is enrolled in the destination
 * cloud's Ironic. Clouds that seeded machines register here so any cloud's Ironic can reach
 * them (its own first); a cloud leaves on close.
 */
const machineClouds = new Set<SimCloud>();

export function registerMachineCloud(c: SimCloud): void {
  machineClouds.add(c);
  c.onClose(() => {
    machineClouds.delete(c);
  });
}

function searchOrder(c: SimCloud): SimCloud[] {
  return [c, ...[...machineClouds].filter((x) => x !== c && x.clock === c.clock)];
}

/** Every machine this cloud can reach: its own first, then those of the other cloud of its simulator. */
export function reachableMachines(c: SimCloud): MachineRecord[] {
  return searchOrder(c).flatMap((cloud) => machines(cloud).values());
}

/** A compute host is down while the machine under it is powered off. */
export function hostPoweredOff(c: SimCloud, host: string): boolean {
  return machines(c).find((m) => m.computeHost === host)?.powerState === 'Off';
}

export function seedMachines(c: SimCloud, seeds: BaremetalSeed[]): void {
  for (const s of seeds) {
    const record: MachineRecord = {
      ...newMachine({ id: s.name, uuid: c.ids.uuid(), username: s.bmc.username, password: s.bmc.password ?? 'password', macs: s.macs.map((m) => m.toLowerCase()) }),
      cpus: s.vcpus ?? 32,
      memoryMb: s.memory_mb ?? 262144,
      localGb: s.disk_gb ?? 900,
      // A compute host is running; a spare machine waits powered off.
      powerState: s.host ? 'On' : 'Off',
      driver: s.bmc.driver,
      seededAddress: s.bmc.address,
      seededPort: s.bmc.port ?? null,
      bmcUrl: liveUrls.get(c)?.get(s.name) ?? null,
      inIronic: s.inIronic === true,
      computeHost: s.host ?? null,
    };
    machines(c).put(record);
  }
}

function hostPort(address: string): { host: string; port: string | null } {
  try {
    const u = new URL(address.includes('://') ? address : `x://${address}`);
    return { host: u.hostname, port: u.port || null };
  } catch {
    return { host: address, port: null };
  }
}

/** The machine a driver_info points at (Redfish by URL, IPMI by address and port), if any. */
export function machineFor(c: SimCloud, driver: string, info: Record<string, unknown>): MachineRecord | undefined {
  for (const cloud of searchOrder(c)) {
    const found = machineIn(cloud, driver, info);
    if (found) return found;
  }
  return undefined;
}

function machineIn(c: SimCloud, driver: string, info: Record<string, unknown>): MachineRecord | undefined {
  if (driver === 'redfish') {
    const address = String(info.redfish_address ?? '');
    const want = hostPort(address);
    const systemId = String(info.redfish_system_id ?? '');
    return machines(c).find((m) => {
      const candidates = [m.bmcUrl, m.seededAddress].filter((x): x is string => !!x).map(hostPort);
      const sameBmc = candidates.some((h) => h.host === want.host && h.port === want.port);
      return sameBmc && (!systemId || systemId.endsWith(`/${m.id}`));
    });
  }
  if (driver === 'ipmi') {
    const address = String(info.ipmi_address ?? '');
    const port = Number(info.ipmi_port ?? 623);
    return machines(c).find((m) => m.driver === 'ipmi' && hostPort(m.seededAddress).host === address && (m.seededPort ?? 623) === port);
  }
  return undefined;
}

/** The credentials driver_info carries for a driver. */
export function credentialsOf(driver: string, info: Record<string, unknown>): { username: string; password: string } {
  if (driver === 'redfish') return { username: String(info.redfish_username ?? ''), password: String(info.redfish_password ?? '') };
  return { username: String(info.ipmi_username ?? ''), password: String(info.ipmi_password ?? '') };
}

/**
 * What the desired state asks of one workload, joined once per decision: the selection entry of
 * workloads.yaml, the exported server of snapshots/workloads.yml, its conversion-host pair and
 * window from stackshift.yaml, and its disks in the order the server had them (disks.ts). Names
 * are already mapped to the destination's (flavors, networks, volume types, zones).
 */
import type { ConversionHostPair, DesiredResource, DesiredState, MaintenanceWindow, SelectedWorkload } from '../../desired/model.js';
import type { DesiredItem } from '../module.js';
import { disksOf, type DiskSpec } from './disks.js';
import { refOwner } from '../../desired/references.js';

export interface PortSpec {
  /** Position in the server's NIC order. */
  index: number;
  network: string;
  /** The network is another project's (shared or external), not one the repository migrates. */
  othersNetwork?: true;
  fixedIps: Array<{ subnet: string; ipAddress?: string }>;
  macAddress?: string;
}

export interface WorkloadSpec {
  /** The server's name: it names the workload's temporaries and markers (see steps/context.ts DiskWork). */
  owner: string;
  selection: SelectedWorkload;
  server: DesiredResource<'server'>;
  /** The pair the workload copies through (absent: stackshift.yaml defines none). */
  pair?: ConversionHostPair;
  window?: MaintenanceWindow;
  disks: DiskSpec[];
  /** Destination flavor name (after mappings.flavors). */
  flavor: string;
  /** Destination image name to boot from when the root disk is not copied. */
  bootImage?: string;
  ports: PortSpec[];
  securityGroups: string[];
  availabilityZone?: string;
  /** False: no byte is copied (disks are pre-created or empty destination volumes). */
  dataCopy: boolean;
  copyVia: 'conversion-hosts' | 'image';
  /** How many disk copies may run at once in all (pairs × parallelTransfersPerPair): the bandwidth divisor. */
  copiesAtOnce: number;
  /** transfer.ciphers, when stackshift.yaml sets it. */
  ciphers?: string[];
}

/** OS-Migrate's `_migration_params` uuids of destination volumes pre-created by the operator. */
function precreated(server: DesiredResource<'server'>): { boot?: string; data: Array<string | undefined> } {
  const mp = (server.migrationParams ?? {}) as { boot_volume?: { uuid?: unknown }; additional_volumes?: Array<{ uuid?: unknown }> };
  const uuid = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { ...(uuid(mp.boot_volume?.uuid) ? { boot: uuid(mp.boot_volume?.uuid)! } : {}), data: (mp.additional_volumes ?? []).map((v) => uuid(v?.uuid)) };
}

/**
 * Without a data copy an image-backed root is not a disk (the server boots from its image), and
 * each volume is the one pre-created for it, else a new empty one.
 */
function withoutCopy(disks: DiskSpec[], server: DesiredResource<'server'>): DiskSpec[] {
  const given = precreated(server);
  let data = 0;
  return disks.flatMap((d) => {
    if (d.role === 'root' && !d.sourceVolumeId) return [];
    const id = d.role === 'root' ? given.boot : given.data[data++];
    return [{ ...d, ...(id ? { precreatedVolumeId: id } : {}) }];
  });
}

const mapped = (map: Record<string, string>, name: string): string => map[name] ?? name;

/**
 * Whether a port's network belongs to another project: named so (project_name), or left unnamed
 * (null) by the export and not among the networks this repository migrates.
 */
function othersNetwork(state: DesiredState, ref: Parameters<typeof refOwner>[0] & { name: string }): boolean {
  const owner = refOwner(ref);
  return owner === 'other' || (owner === 'unknown' && !state.resources.network.some((n) => n.params.name === ref.name));
}

export function workloadSpec(state: DesiredState, selection: SelectedWorkload): WorkloadSpec | undefined {
  const server = state.resources.server.find((s) => s.params.name === selection.server);
  if (!server) return undefined;
  const m = selection.mappings;
  const pair = selection.conversionHostPair ? state.config.conversionHosts.find((p) => p.name === selection.conversionHostPair) : state.config.conversionHosts[0];
  const window = selection.window ? state.config.windows.find((w) => w.name === selection.window) : undefined;
  const flavorName = server.params.flavor_ref.name;
  const flavor = state.resources.flavor.find((f) => f.params.name === flavorName);
  const copied = disksOf(server, selection, flavor?.params.disk);
  const disks = selection.dataCopy ? copied : withoutCopy(copied, server);
  const p = server.params;
  const zone = p.availability_zone ? mapped(m.availabilityZones, p.availability_zone) : undefined;
  return {
    owner: selection.server,
    selection,
    server,
    ...(pair ? { pair } : {}),
    ...(window ? { window } : {}),
    disks,
    flavor: mapped(m.flavors, flavorName),
    ...(disks.some((d) => d.role === 'root') || !p.image_ref?.name ? {} : { bootImage: p.image_ref.name }),
    ports: p.ports.map((port, index) => ({
      index,
      network: mapped(m.networks, port.params.network_ref.name),
      ...(othersNetwork(state, port.params.network_ref) ? { othersNetwork: true as const } : {}),
      fixedIps: (port.params.fixed_ips_refs ?? []).map((f) => ({ subnet: f.subnet_ref.name, ...(f.ip_address ? { ipAddress: f.ip_address } : {}) })),
      ...(port.params.mac_address ? { macAddress: port.params.mac_address } : {}),
    })),
    securityGroups: (p.security_group_refs ?? []).map((g) => g.name),
    ...(zone ? { availabilityZone: zone } : {}),
    dataCopy: selection.dataCopy,
    copyVia: selection.copyVia,
    copiesAtOnce: Math.max(1, state.config.conversionHosts.length) * state.config.transfer.parallelTransfersPerPair,
    ...(state.config.transfer.ciphers ? { ciphers: state.config.transfer.ciphers } : {}),
  };
}

/** Every selected workload as a workflow item (a server missing from the snapshots is left to validation). */
export function desiredWorkloads(state: DesiredState): DesiredItem<WorkloadSpec>[] {
  return state.workloads.workloads.flatMap((w) => {
    const spec = workloadSpec(state, w);
    return spec ? [{ id: w.server, spec, wave: w.wave, file: w.file, line: w.line }] : [];
  });
}

/** Bytes of all disks, for plans and progress. */
export const totalBytes = (spec: WorkloadSpec): number => spec.disks.reduce((sum, d) => sum + d.sizeGb * 1024 ** 3, 0);

/**
 * What the desired state asks of one detached volume (snapshots/detached_volumes.yml, OS-Migrate's
 * ServerVolume without a server): a destination volume like it, with its bytes. It has no entry
 * in workloads.yaml, so it follows workloads.yaml's `defaults:` (copyVia, conversionHostPair,
 * mappings), else the first (usually only) pair stackshift.yaml defines, else the image path —
 * as a server without its own settings does.
 */
import type { DesiredResource, DesiredState } from '../../desired/model.js';
import type { DesiredItem } from '../module.js';
import type { DiskSpec } from '../workload/disks.js';
import type { DiskWork } from '../workload/steps/context.js';

export interface VolumeSpec extends DiskWork {
  /** The volume's name: its item id, and the destination volume's name. */
  name: string;
  volume: DesiredResource<'volume'>;
  /** The one disk it copies (`disks[0]`): the destination volume's size, type, zone, bootable, image metadata. */
  disk: DiskSpec;
}

/** The key of a detached volume's one disk in its facts (DiskSnapshotted … DiskCopied). */
export const VOLUME_DISK = 'data';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function volumeSpec(state: DesiredState, volume: DesiredResource<'volume'>): VolumeSpec {
  const defaults = state.workloads.defaults;
  const m = defaults?.mappings ?? state.config.mappings;
  const pairs = state.config.conversionHosts;
  const pair = defaults?.conversionHostPair ? pairs.find((p) => p.name === defaults.conversionHostPair) : pairs[0];
  const p = volume.params;
  const info = volume.info;
  const type = str(p.volume_type);
  const zone = str(p.availability_zone);
  const disk: DiskSpec = {
    key: VOLUME_DISK, role: 'data', sourceVolumeId: info.id, sizeGb: Number(info.size ?? 1),
    name: p.name, description: p.description ?? null,
    ...(type ? { volumeType: m.volumeTypes[type] ?? type } : {}),
    ...(zone ? { availabilityZone: m.availabilityZones[zone] ?? zone } : {}),
    bootable: info.is_bootable === true || info.bootable === true || info.bootable === 'true',
    ...(p.volume_image_metadata ? { imageMetadata: Object.fromEntries(Object.entries(p.volume_image_metadata).map(([k, x]) => [k, String(x)])) } : {}),
    device: '/dev/vdb',
  };
  return {
    // `volume-` keeps its temporaries' names and markers apart from a server's of the same name.
    owner: `volume-${p.name}`,
    name: p.name, volume, disk, disks: [disk],
    ...(pair ? { pair } : {}),
    dataCopy: true,
    copyVia: defaults?.copyVia ?? (pair ? 'conversion-hosts' : 'image'),
    copiesAtOnce: Math.max(1, pairs.length) * state.config.transfer.parallelTransfersPerPair,
    ...(state.config.transfer.ciphers ? { ciphers: state.config.transfer.ciphers } : {}),
  };
}

/** Every detached volume of the snapshot as a workflow item, on stream `volume:<name>`. */
export function desiredVolumes(state: DesiredState): DesiredItem<VolumeSpec>[] {
  return state.resources.volume.map((v) => ({ id: v.params.name, spec: volumeSpec(state, v), file: v.file, line: v.line }));
}

export const volumeBytes = (spec: VolumeSpec): number => spec.disk.sizeGb * 1024 ** 3;

/**
 * A workload's disks, in the order the server had them: the root disk first (its boot volume, or
 * — for a server booted from an image with `bootDiskCopy` — a disk made from a Nova image of it),
 * then its data volumes by device name (/dev/vdb, /dev/vdc, …), which is the order they are
 * attached to the destination server. Each says what its destination volume looks like, with
 * volume types and zones mapped.
 */
import type { DesiredResource, SelectedWorkload } from '../../desired/model.js';

export interface DiskSpec {
  /** Stable key within the workload: `root`, or the source volume's name (its id when unnamed). */
  key: string;
  role: 'root' | 'data';
  /** The source volume (exported `_info.id`); absent for an image-backed root disk. */
  sourceVolumeId?: string;
  sizeGb: number;
  /** Name and description of the destination volume (the source volume's). */
  name: string;
  description: string | null;
  volumeType?: string;
  availabilityZone?: string;
  bootable: boolean;
  imageMetadata?: Record<string, string>;
  /** Device name in the source server, for ordering (`/dev/vdb`). */
  device: string;
  /** Without a data copy: the destination volume the operator made for this disk (adopted, never deleted). */
  precreatedVolumeId?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function deviceOf(info: Record<string, unknown>): string {
  const attachments = Array.isArray(info.attachments) ? (info.attachments as Array<Record<string, unknown>>) : [];
  return str(attachments[0]?.device) ?? '/dev/vdz';
}

/** Devices sort as the guest sees them: vda < vdb < … < vdz < vdaa. */
const deviceOrder = (a: string, b: string) => a.length - b.length || a.localeCompare(b);

export function disksOf(server: DesiredResource<'server'>, selection: SelectedWorkload, flavorDiskGb: number | undefined): DiskSpec[] {
  const m = selection.mappings;
  const volumes = (server.params.volumes ?? []).map((v) => {
    const info = v.info ?? {};
    const device = deviceOf(info);
    const id = str(info.id);
    const bootable = info.is_bootable === true || info.bootable === true || info.bootable === 'true';
    const root = !server.params.image_ref?.name && (device === '/dev/vda' || (bootable && device.endsWith('da')));
    const type = str(v.params.volume_type);
    const zone = str(v.params.availability_zone);
    const disk: DiskSpec = {
      key: root ? 'root' : (str(v.params.name) ?? id ?? device),
      role: root ? 'root' : 'data',
      ...(id ? { sourceVolumeId: id } : {}),
      sizeGb: Number(info.size ?? 1),
      name: str(v.params.name) ?? `${server.params.name}-${device.replace(/^\/dev\//, '')}`,
      description: v.params.description ?? null,
      ...(type ? { volumeType: m.volumeTypes[type] ?? type } : {}),
      ...(zone ? { availabilityZone: m.availabilityZones[zone] ?? zone } : {}),
      bootable: root || bootable,
      ...(v.params.volume_image_metadata ? { imageMetadata: Object.fromEntries(Object.entries(v.params.volume_image_metadata).map(([k, x]) => [k, String(x)])) } : {}),
      device,
    };
    return disk;
  });
  volumes.sort((a, b) => (a.role === b.role ? deviceOrder(a.device, b.device) : a.role === 'root' ? -1 : 1));
  const imageRoot = server.params.image_ref?.name && selection.bootDiskCopy && !volumes.some((d) => d.role === 'root');
  if (!imageRoot) return volumes;
  const zone = str(server.params.availability_zone);
  return [
    {
      key: 'root', role: 'root', sizeGb: Math.max(1, flavorDiskGb ?? 1), name: `${server.params.name}-root`, description: `root disk of ${server.params.name}, migrated by stackshift`,
      ...(zone ? { availabilityZone: m.availabilityZones[zone] ?? zone } : {}), bootable: true, device: '/dev/vda',
    },
    ...volumes,
  ];
}

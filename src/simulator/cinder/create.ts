/**
 * Making volumes and their bytes: a sparse backing file per volume (size = the volume's size,
 * blocks allocated only when written), copies that keep holes (`cp --sparse=always`), and
 * volumes made from an image (Glance's bytes copied in) or a snapshot.
 */
import { spawnSync } from 'node:child_process';
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import { glance } from '../nova/images.js';
import type { Volume } from './model.js';
import { allocateBackingFile, defaultVolumeType, stamp, volumes } from './store.js';

export interface NewVolume {
  projectId: string;
  userId: string;
  size: number;
  name: string | null;
  description?: string | null;
  volumeTypeId?: string;
  availabilityZone?: string;
  metadata?: Record<string, string>;
  snapshotId?: string | null;
  sourceVolid?: string | null;
  multiattach?: boolean;
  status?: string;
}

export function newVolumeRecord(c: SimCloud, v: NewVolume): Volume {
  const id = c.ids.uuid();
  const backingFile = c.dataPath('volumes', id);
  allocateBackingFile(backingFile, v.size);
  const volume: Volume = {
    id,
    projectId: v.projectId,
    userId: v.userId,
    name: v.name,
    description: v.description ?? null,
    size: v.size,
    status: v.status ?? 'creating',
    volumeTypeId: v.volumeTypeId ?? defaultVolumeType(c).id,
    availabilityZone: v.availabilityZone ?? 'nova',
    bootable: false,
    multiattach: v.multiattach ?? false,
    metadata: v.metadata ?? {},
    imageMetadata: null,
    snapshotId: v.snapshotId ?? null,
    sourceVolid: v.sourceVolid ?? null,
    createdAt: stamp(c),
    updatedAt: null,
    backingFile,
    host: 'cinder@sim#sim',
  };
  return volumes(c).put(volume);
}

/** Copies `from` over `to` keeping holes, then sets `to`'s length to `sizeBytes` (≥ the copied length). */
export function copySparse(from: string, to: string, sizeBytes?: number): void {
  const result = spawnSync('cp', ['--sparse=always', from, to], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`copying volume bytes failed: ${result.stderr || result.error?.message}`);
  if (sizeBytes !== undefined) spawnSync('truncate', ['-s', String(sizeBytes), to]);
}

/** Writes an image's bytes into a volume and marks it bootable with the image's metadata. */
export function fillFromImage(c: SimCloud, volume: Volume, imageId: string): void {
  const image = glance().find(c, imageId);
  const path = glance().dataPath(c, imageId);
  if (!image || !path) throw new ApiError(400, `Invalid image identifier or unable to access requested image.`);
  const size = Number(image.size ?? 0);
  if (size > volume.size * 1024 ** 3) throw new ApiError(400, `Image ${imageId} size exceeded available disk space: volume is ${volume.size}GB.`);
  copySparse(path, volume.backingFile, volume.size * 1024 ** 3);
  volume.bootable = true;
  volume.imageMetadata = {
    image_id: imageId,
    image_name: String(image.name ?? ''),
    checksum: String(image.checksum ?? ''),
    container_format: String(image.container_format ?? 'bare'),
    disk_format: String(image.disk_format ?? 'raw'),
    size: String(size),
    min_disk: String(image.min_disk ?? 0),
    min_ram: String(image.min_ram ?? 0),
  };
}

/** For Nova's boot-from-image-to-volume: the volume, available at once with the image's bytes. */
export function createVolumeFromImageNow(c: SimCloud, req: { projectId: string; userId: string; imageId: string; size: number; name: string }): Volume {
  const volume = newVolumeRecord(c, { projectId: req.projectId, userId: req.userId, size: req.size, name: req.name });
  try {
    fillFromImage(c, volume, req.imageId);
  } catch (err) {
    volume.status = 'error';
    throw err;
  }
  volume.status = 'available';
  volume.updatedAt = stamp(c);
  return volume;
}

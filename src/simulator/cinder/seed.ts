/**
 * Seeds Cinder: the __DEFAULT__ volume type and the scenario's detached volumes
 * (openstack.network.ServerVolume, as in OS-Migrate's detached_volumes.yml), available, with
 * their exported ids so the source cloud matches its export. Volumes already created by Nova's
 * server seeding (attached ones) are left alone.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { SimCloud } from '../core/cloud.js';
import { projectByName, userByName } from '../keystone/identity.js';
import { ownerOf, type CloudScenario, type ResourceSeed } from '../scenario.js';
import { newVolumeRecord } from './create.js';
import { defaultVolumeType, volumeTypes, volumes } from './store.js';

export function seedCinder(c: SimCloud, scenario: CloudScenario): void {
  defaultVolumeType(c);
  for (const r of scenario.resources ?? []) {
    if (r.type !== 'openstack.network.ServerVolume') continue;
    const id = typeof r._info?.id === 'string' ? r._info.id : undefined;
    if (id && volumes(c).has(id)) continue;
    seedVolume(c, scenario, r, id);
  }
}

/** Creates one available volume from an OS-Migrate ServerVolume resource; returns its id. */
export function seedVolume(c: SimCloud, scenario: CloudScenario, r: ResourceSeed, id: string | undefined): string {
  const p = r.params;
  const info = r._info ?? {};
  const project = projectByName(c, ownerOf(scenario, r));
  const owner = c.state.collection<{ id: string; name: string }>('users').values().find((u) => u.name !== 'admin');
  const typeName = typeof p.volume_type === 'string' ? p.volume_type : undefined;
  let type = typeName ? volumeTypes(c).find((t) => t.name === typeName) : undefined;
  if (typeName && !type) type = volumeTypes(c).put({ id: c.ids.uuid(), name: typeName, description: null, isPublic: true, extraSpecs: {} });
  const volume = newVolumeRecord(c, {
    projectId: project?.id ?? '',
    userId: (userByName(c, owner?.name ?? '') ?? owner)?.id ?? '',
    size: Number(info.size ?? p.size ?? 1),
    name: typeof p.name === 'string' ? p.name : null,
    description: typeof p.description === 'string' ? p.description : null,
    volumeTypeId: type?.id ?? defaultVolumeType(c).id,
    ...(typeof p.availability_zone === 'string' ? { availabilityZone: p.availability_zone } : {}),
    status: 'available',
  });
  volume.bootable = info.is_bootable === true;
  if (p.volume_image_metadata && typeof p.volume_image_metadata === 'object') volume.imageMetadata = p.volume_image_metadata as Record<string, string>;
  if (id && id !== volume.id) {
    volumes(c).delete(volume.id);
    volume.id = id;
    volumes(c).put(volume);
  }
  writeSeedData(volume.backingFile, volume.id, volume.size);
  return volume.id;
}

/**
 * A seeded volume holds some data, as a used disk does: 4 MiB at its start and 4 MiB in its middle,
 * deterministic per volume id (AES-CTR over zeros), the rest thin. So a migration moves real bytes,
 * and its checksums can be compared with the source's, while copying stays fast.
 */
function writeSeedData(backingFile: string, volumeId: string, sizeGb: number): void {
  const key = createHash('sha256').update(volumeId).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const fd = openSync(backingFile, 'r+');
  try {
    for (const offset of [0, Math.floor((sizeGb * 1024) / 2) * 1024 * 1024]) writeSync(fd, cipher.update(Buffer.alloc(SEED_DATA_BYTES)), 0, SEED_DATA_BYTES, offset);
  } finally {
    closeSync(fd);
  }
}

const SEED_DATA_BYTES = 4 * 1024 * 1024;

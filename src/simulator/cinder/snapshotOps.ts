/**
 * Snapshot records and their bytes: a snapshot is a sparse copy of the volume's backing file
 * taken at creation, so later writes to the volume do not change it.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import { copySparse } from './create.js';
import type { Snapshot } from './model.js';
import { snapshots, stamp, volumeNotFound, volumes } from './store.js';

export function newSnapshot(c: SimCloud, volumeId: string, req: { name: string | null; description: string | null; metadata?: Record<string, string>; userId?: string }): Snapshot {
  const volume = volumes(c).get(volumeId);
  if (!volume) throw volumeNotFound(volumeId);
  const id = c.ids.uuid();
  const backingFile = c.dataPath('snapshots', id);
  copySparse(volume.backingFile, backingFile);
  return snapshots(c).put({
    id,
    volumeId,
    projectId: volume.projectId,
    userId: req.userId ?? volume.userId,
    name: req.name,
    description: req.description,
    size: volume.size,
    status: 'creating',
    metadata: req.metadata ?? {},
    createdAt: stamp(c),
    updatedAt: null,
    backingFile,
  });
}

/** Nova's snapshot of a boot volume (createImage of a boot-from-volume server): available at once. */
export function snapshotVolumeNow(c: SimCloud, volumeId: string, description: string): Snapshot {
  const s = newSnapshot(c, volumeId, { name: `snapshot for ${description}`, description });
  s.status = 'available';
  return s;
}

export function snapshotNotFound(id: string): ApiError {
  return new ApiError(404, `Snapshot ${id} could not be found.`);
}

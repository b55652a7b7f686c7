/**
 * Cinder's collections and the volume operations other services call (Nova attaches volumes
 * and boots from them): reserve → attaching → in-use, detaching → available, with the status
 * checks and messages Cinder's volume API applies.
 */
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { isoSeconds } from '../core/clock.js';
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { Collection } from '../core/state.js';
import { GiB, type Attachment, type Snapshot, type Volume, type VolumeType } from './model.js';

export const volumes = (c: SimCloud): Collection<Volume> => c.state.collection<Volume>('cinder_volumes');
export const snapshots = (c: SimCloud): Collection<Snapshot> => c.state.collection<Snapshot>('cinder_snapshots');
export const volumeTypes = (c: SimCloud): Collection<VolumeType> => c.state.collection<VolumeType>('cinder_types');
export const attachments = (c: SimCloud): Collection<Attachment> => c.state.collection<Attachment>('cinder_attachments');

export const stamp = (c: SimCloud): string => new Date(c.clock.now()).toISOString().replace('Z', '000');

export function volumeNotFound(id: string): ApiError {
  return new ApiError(404, `Volume ${id} could not be found.`);
}

export function defaultVolumeType(c: SimCloud): VolumeType {
  const all = volumeTypes(c);
  return all.find((t) => t.name === '__DEFAULT__') ?? all.put({ id: c.ids.uuid(), name: '__DEFAULT__', description: 'Default Volume Type', isPublic: true, extraSpecs: {} });
}

/** Creates (or resizes) the sparse backing file: its length is the volume size, its blocks unallocated. */
export function allocateBackingFile(path: string, sizeGb: number): void {
  const fd = openSync(path, 'a');
  try {
    ftruncateSync(fd, sizeGb * GiB);
  } finally {
    closeSync(fd);
  }
}

export function activeAttachments(c: SimCloud, volumeId: string): Attachment[] {
  return attachments(c).filter((a) => a.volumeId === volumeId && a.status !== 'detached');
}

/**
 * attachment_create for an instance: the volume must be available (or in-use and multiattach);
 * else Cinder's InvalidVolume (400), which Nova passes on as 400.
 */
export function reserveVolume(c: SimCloud, volumeId: string, instanceUuid: string, projectId: string): Attachment {
  const volume = volumes(c).get(volumeId);
  if (!volume) throw volumeNotFound(volumeId);
  const reservable = volume.status === 'available' || (volume.multiattach && (volume.status === 'in-use' || volume.status === 'reserved'));
  if (!reservable) {
    throw new ApiError(400, `Invalid volume: Volume ${volumeId} status must be available or downloading to reserve, but the current status is ${volume.status}.`);
  }
  if (activeAttachments(c, volumeId).some((a) => a.instanceUuid === instanceUuid)) {
    throw new ApiError(400, `Invalid volume: volume ${volumeId} is already attached to instance ${instanceUuid}.`);
  }
  const attachment: Attachment = {
    id: c.ids.uuid(),
    volumeId,
    projectId,
    instanceUuid,
    status: 'reserved',
    attachMode: 'rw',
    connector: null,
    mountpoint: null,
    attachedAt: null,
    detachedAt: null,
  };
  volume.status = 'reserved';
  volume.updatedAt = stamp(c);
  return attachments(c).put(attachment);
}

/** attachment_update with a connector: the volume is being attached. */
export function beginAttach(c: SimCloud, attachment: Attachment, connector: Record<string, unknown>, mountpoint: string | null): void {
  const volume = volumes(c).get(attachment.volumeId);
  attachment.connector = connector;
  attachment.mountpoint = mountpoint;
  attachment.status = 'attaching';
  if (volume) {
    volume.status = 'attaching';
    volume.updatedAt = stamp(c);
  }
}

/** attachment_complete: the volume is in-use. */
export function completeAttach(c: SimCloud, attachment: Attachment): void {
  const volume = volumes(c).get(attachment.volumeId);
  attachment.status = 'attached';
  attachment.attachedAt = isoSeconds(c.clock.now()).replace('Z', '.000000');
  if (volume) {
    volume.status = 'in-use';
    volume.updatedAt = stamp(c);
  }
}

/** attachment_delete: the attachment is gone; the volume is available once no attachment remains. */
export function finishDetach(c: SimCloud, attachmentId: string): void {
  const attachment = attachments(c).get(attachmentId);
  if (!attachment) return;
  attachments(c).delete(attachmentId);
  const volume = volumes(c).get(attachment.volumeId);
  if (!volume) return;
  volume.status = activeAttachments(c, volume.id).some((a) => a.status === 'attached') ? 'in-use' : 'available';
  volume.updatedAt = stamp(c);
}

/** A failed attach rolls the volume back to where it was. */
export function abortAttach(c: SimCloud, attachmentId: string): void {
  finishDetach(c, attachmentId);
}

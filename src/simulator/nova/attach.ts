/**
 * Volume attachments as Nova drives them through Cinder's attachments API: reserve (the volume
 * must be available), attaching → in-use; detach: detaching → available. When the server is a
 * conversion host of the scenario, an attached volume also appears as a device file.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import { createVolumeFromImageNow } from '../cinder/create.js';
import { attachments, beginAttach, completeAttach, finishDetach, reserveVolume, volumes } from '../cinder/store.js';
import { exposeDevice, removeDevice } from '../devices/conversionDevices.js';
import type { Server, VolumeAttachmentRecord } from './model.js';
import type { BootVolume } from './serverCreate.js';
import { servers } from './store.js';

export function isConversionHost(c: SimCloud, server: Server): boolean {
  return (c.scenario.conversionHosts ?? []).includes(server.name);
}

/** The next free /dev/vdX name for a server. */
export function nextDevice(server: Server): string {
  const used = new Set(server.volumes.map((v) => v.device));
  for (let i = 1; i < 26; i++) {
    const name = `/dev/vd${String.fromCharCode(97 + i)}`;
    if (!used.has(name)) return name;
  }
  throw new ApiError(403, 'The maximum allowed number of disk devices (26) to attach to a single instance has been exceeded.');
}

/** Reserves the volume and records the attachment on the server (status attaching); returns the record. */
export function reserveAttachment(c: SimCloud, server: Server, volumeId: string, options: { device: string; bootIndex: number | null; deleteOnTermination: boolean; tag: string | null }): VolumeAttachmentRecord {
  const attachment = reserveVolume(c, volumeId, server.id, server.projectId);
  beginAttach(c, attachment, { host: server.host, initiator: `iqn.sim:${server.host}` }, options.device);
  const record: VolumeAttachmentRecord = {
    volumeId,
    attachmentId: attachment.id,
    bdmUuid: c.ids.uuid(),
    device: options.device,
    tag: options.tag,
    deleteOnTermination: options.deleteOnTermination,
    bootIndex: options.bootIndex,
  };
  server.volumes.push(record);
  return record;
}

/** attachment_complete: in-use, and the device appears on a conversion host. */
export function completeAttachment(c: SimCloud, server: Server, record: VolumeAttachmentRecord): void {
  const attachment = attachments(c).get(record.attachmentId);
  if (attachment) completeAttach(c, attachment);
  const volume = volumes(c).get(record.volumeId);
  if (volume && isConversionHost(c, server)) exposeDevice(c.deviceRoot, volume.id, volume.backingFile);
}

/** Reserve and complete in one go (boot volumes, seeded servers). */
export function attachVolumeNow(c: SimCloud, server: Server, volumeId: string, options: { device: string; bootIndex: number | null; deleteOnTermination: boolean; tag: string | null }): void {
  completeAttachment(c, server, reserveAttachment(c, server, volumeId, options));
}

/** Undoes a reservation that never completed (failed attach). */
export function dropAttachment(c: SimCloud, server: Server, record: VolumeAttachmentRecord): void {
  finishDetach(c, record.attachmentId);
  server.volumes = server.volumes.filter((v) => v !== record);
}

/** The volume is detached: attachment deleted, device gone, record removed from the server. */
export function completeDetach(c: SimCloud, server: Server, record: VolumeAttachmentRecord): void {
  finishDetach(c, record.attachmentId);
  removeDevice(c.deviceRoot, record.volumeId);
  const s = servers(c).get(server.id) ?? server;
  s.volumes = s.volumes.filter((v) => v.volumeId !== record.volumeId);
}

/** On server delete: every volume detached; delete_on_termination volumes deleted. */
export function detachAllVolumes(c: SimCloud, server: Server): void {
  for (const record of [...server.volumes]) {
    completeDetach(c, server, record);
    if (record.deleteOnTermination) {
      const volume = volumes(c).get(record.volumeId);
      if (volume) volume.status = 'deleting';
      volumes(c).delete(record.volumeId);
    }
  }
}

/** Boot from an image onto a new volume: Cinder creates it (bytes copied from Glance) first. */
export function createVolumeForBoot(c: SimCloud, server: Server, boot: BootVolume): string {
  if (!boot.imageId || !boot.size) throw new Error('boot volume needs an image and a size');
  return createVolumeFromImageNow(c, { projectId: server.projectId, userId: server.userId, imageId: boot.imageId, size: boot.size, name: '' }).id;
}

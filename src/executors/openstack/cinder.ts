/**
 * Cinder (volume v3): volumes, types, snapshots and attachments (3.27+).
 */
import type { OpenStackClient, Query } from './client.js';
import { collection } from './collection.js';

export interface Volume {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  size: number;
  availability_zone?: string;
  volume_type?: string | null;
  bootable: 'true' | 'false' | boolean;
  multiattach?: boolean;
  attachments: { server_id: string; attachment_id?: string; device?: string; host_name?: string | null; id?: string; volume_id?: string }[];
  volume_image_metadata?: Record<string, string>;
  metadata?: Record<string, string>;
  snapshot_id?: string | null;
  source_volid?: string | null;
  'os-vol-tenant-attr:tenant_id'?: string;
  created_at?: string;
  updated_at?: string | null;
}
export interface VolumeType {
  id: string;
  name: string;
  description?: string | null;
  is_public?: boolean;
  extra_specs?: Record<string, string>;
}
export interface VolumeSnapshot {
  id: string;
  name: string | null;
  volume_id: string;
  status: string;
  size: number;
  created_at?: string;
}
export interface Attachment {
  id: string;
  volume_id: string;
  instance: string | null;
  status: string;
  attach_mode?: string;
  connection_info?: Record<string, unknown>;
}

const volumes = collection<Volume>({ service: 'volumev3', path: '/volumes', listPath: '/volumes/detail', singular: 'volume', plural: 'volumes', pageSize: 1000 });
const snapshots = collection<VolumeSnapshot>({ service: 'volumev3', path: '/snapshots', listPath: '/snapshots/detail', singular: 'snapshot', plural: 'snapshots', pageSize: 1000 });
const attachments = collection<Attachment>({ service: 'volumev3', path: '/attachments', singular: 'attachment', plural: 'attachments', microversion: '3.27' });

export const listVolumes = (c: OpenStackClient, query: Query = {}) => volumes.list(c, query);
export const getVolume = volumes.get;
export const createVolume = volumes.create;
export const updateVolume = volumes.update;
export const deleteVolume = volumes.remove;
/** POST /volumes/{id}/action, e.g. {'os-set_bootable': {bootable: true}}. */
export async function volumeAction(c: OpenStackClient, id: string, action: Record<string, unknown>): Promise<void> {
  await c.request({ service: 'volumev3', method: 'POST', path: `/volumes/${id}/action`, body: action });
}
export const setVolumeBootable = (c: OpenStackClient, id: string, bootable: boolean) => volumeAction(c, id, { 'os-set_bootable': { bootable } });

export async function listVolumeTypes(c: OpenStackClient): Promise<VolumeType[]> {
  return (await c.request<{ volume_types: VolumeType[] }>({ service: 'volumev3', method: 'GET', path: '/types' })).body.volume_types;
}

export const listSnapshots = snapshots.list;
export const getSnapshot = snapshots.get;
export const createSnapshot = snapshots.create;
export const deleteSnapshot = snapshots.remove;

export const listAttachments = attachments.list;
export const getAttachment = attachments.get;
export const deleteAttachment = attachments.remove;
export async function createAttachment(c: OpenStackClient, volumeId: string, serverId: string, connector?: Record<string, unknown>): Promise<Attachment> {
  const body = { attachment: { volume_uuid: volumeId, instance_uuid: serverId, ...(connector ? { connector } : {}) } };
  return (await c.request<{ attachment: Attachment }>({ service: 'volumev3', method: 'POST', path: '/attachments', body, microversion: '3.27' })).body.attachment;
}
/** Marks an attachment complete (3.44), which moves the volume to in-use. */
export async function completeAttachment(c: OpenStackClient, attachmentId: string): Promise<void> {
  await c.request({ service: 'volumev3', method: 'POST', path: `/attachments/${attachmentId}/action`, body: { 'os-complete': null }, microversion: '3.44' });
}

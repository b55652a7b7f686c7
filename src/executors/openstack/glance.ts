/**
 * Glance (image v2): images, JSON-patch updates, and the image data stream both ways.
 */
import type { Readable } from 'node:stream';
import type { OpenStackClient, Query } from './client.js';
import { isNotFound } from './collection.js';
import { listAll } from './pagination.js';

export interface Image {
  id: string;
  name: string | null;
  status: string;
  visibility: 'public' | 'private' | 'shared' | 'community';
  protected: boolean;
  disk_format: string | null;
  container_format: string | null;
  min_disk: number;
  min_ram: number;
  size: number | null;
  virtual_size?: number | null;
  checksum: string | null;
  os_hash_algo?: string | null;
  os_hash_value?: string | null;
  owner: string;
  tags: string[];
  created_at: string;
  updated_at: string;
  /** Every other key is an image property (os_distro, hw_disk_bus, ...). */
  [property: string]: unknown;
}

export type JsonPatch = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown }[];

export function listImages(c: OpenStackClient, query: Query = {}): Promise<Image[]> {
  return listAll<Image>(c, { service: 'image', path: '/images', query }, { key: 'images', pageSize: 500 });
}
export async function getImage(c: OpenStackClient, id: string): Promise<Image> {
  return (await c.request<Image>({ service: 'image', method: 'GET', path: `/images/${id}` })).body;
}
/** Creates the image record (status queued); data follows with uploadImageData. */
export async function createImage(c: OpenStackClient, body: Record<string, unknown>): Promise<Image> {
  return (await c.request<Image>({ service: 'image', method: 'POST', path: '/images', body })).body;
}
export async function updateImage(c: OpenStackClient, id: string, patch: JsonPatch): Promise<Image> {
  return (await c.request<Image>({
    service: 'image', method: 'PATCH', path: `/images/${id}`, body: JSON.stringify(patch),
    headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
  })).body;
}
export async function deleteImage(c: OpenStackClient, id: string): Promise<boolean> {
  try {
    await c.request({ service: 'image', method: 'DELETE', path: `/images/${id}` });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
/** The image bytes as a stream; `content-md5` in headers carries Glance's checksum. */
export async function downloadImageData(c: OpenStackClient, id: string): Promise<{ body: Readable; size?: number; md5?: string }> {
  const res = await c.stream({ service: 'image', method: 'GET', path: `/images/${id}/file` });
  const size = Number(res.headers['content-length']);
  return { body: res.body, ...(Number.isFinite(size) ? { size } : {}), ...(res.headers['content-md5'] ? { md5: res.headers['content-md5'] } : {}) };
}
export async function uploadImageData(c: OpenStackClient, id: string, data: Readable | AsyncIterable<Uint8Array>, size?: number): Promise<void> {
  await c.upload({ service: 'image', method: 'PUT', path: `/images/${id}/file`, body: data, ...(size === undefined ? {} : { contentLength: size }) });
}

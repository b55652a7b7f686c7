/**
 * Glance images. Core attributes are fields; any other property (os_distro, hw_disk_bus, ...) is
 * stored in `properties` and shown as a top-level field, as Glance v2 does. Bytes live in a file
 * per image under the cloud's data directory, never in memory.
 */
import { isoSeconds } from '../core/clock.js';
import type { SimCloud } from '../core/cloud.js';

export interface Image {
  id: string;
  name: string | null;
  disk_format: string | null;
  container_format: string | null;
  visibility: 'public' | 'private' | 'shared' | 'community';
  size: number | null;
  virtual_size: number | null;
  status: 'queued' | 'saving' | 'active' | 'killed' | 'deleted' | 'pending_delete' | 'deactivated' | 'uploading' | 'importing';
  checksum: string | null;
  protected: boolean;
  min_ram: number;
  min_disk: number;
  owner: string;
  os_hidden: boolean;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  created_at: string;
  updated_at: string;
  tags: string[];
  properties: Record<string, string>;
}

export const images = (c: SimCloud) => c.state.collection<Image>('images');

export const DISK_FORMATS = [null, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'] as const;
export const CONTAINER_FORMATS = [null, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'] as const;
export const VISIBILITIES = ['public', 'private', 'shared', 'community'] as const;

/** Attributes a client may not set (403 "Attribute 'x' is read-only."). */
export const READ_ONLY = ['id', 'status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'created_at', 'updated_at',
  'owner', 'self', 'file', 'schema', 'stores', 'locations', 'direct_url'];
/** Core attributes (not free-form properties). */
export const CORE = ['name', 'disk_format', 'container_format', 'visibility', 'protected', 'min_ram', 'min_disk', 'tags', 'os_hidden', ...READ_ONLY];

export function newImage(cloud: SimCloud, owner: string, id?: string): Image {
  const now = isoSeconds(cloud.clock.now());
  return {
    id: id ?? cloud.ids.uuid(),
    name: null,
    disk_format: null,
    container_format: null,
    visibility: 'shared',
    size: null,
    virtual_size: null,
    status: 'queued',
    checksum: null,
    protected: false,
    min_ram: 0,
    min_disk: 0,
    owner,
    os_hidden: false,
    os_hash_algo: null,
    os_hash_value: null,
    created_at: now,
    updated_at: now,
    tags: [],
    properties: {},
  };
}

/** The image document of the v2 API: properties first, then core fields, then links. */
export function imageView(image: Image): Record<string, unknown> {
  const { properties, ...core } = image;
  return {
    ...properties,
    ...core,
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
    ...(image.status === 'active' || image.status === 'deactivated' ? { stores: 'file' } : {}),
  };
}

export function touchImage(cloud: SimCloud, image: Image): void {
  image.updated_at = isoSeconds(cloud.clock.now());
}

/**
 * Nova's and Cinder's calls into Glance: look an image up, make a snapshot image with bytes
 * (createImage, os-volume_upload_image), and find an image's bytes (boot volume from image).
 * Glance keeps its own rules; this file only adapts to the Glance module's API.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { SimCloud } from '../core/cloud.js';
import { createImage, imageDataPath, images, storeImageFile, type Image } from '../glance/api.js';

export interface ImageLike {
  id: string;
  status: string;
  name?: string | null;
  size?: number | null;
  min_disk?: number;
  min_ram?: number;
  owner?: string;
  [key: string]: unknown;
}

export interface GlanceBridge {
  find(c: SimCloud, id: string): ImageLike | undefined;
  /** The file holding an active image's bytes, or undefined. */
  dataPath(c: SimCloud, id: string): string | undefined;
  /** Creates a queued image owned by `owner` with the given properties; returns it. */
  create(c: SimCloud, req: { name: string; owner: string; diskFormat: string; containerFormat: string; visibility: string; properties: Record<string, unknown> }): ImageLike;
  /** Stores bytes from `sourceFile` as the image's data (saving → active); sizeless when undefined (a BFV snapshot). */
  upload(c: SimCloud, id: string, sourceFile: string | undefined): Promise<void>;
  /** Marks an image killed (an upload that failed). */
  fail(c: SimCloud, id: string): void;
}

const bridge: GlanceBridge = {
  find: (c, id) => {
    const image = images(c).get(id);
    return image ? ({ ...image.properties, ...image } as unknown as ImageLike) : undefined;
  },
  dataPath: (c, id) => {
    const image = images(c).get(id);
    return image && image.status === 'active' ? imageDataPath(c, id) : undefined;
  },
  create: (c, req) => {
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.properties)) if (v !== undefined && v !== null) properties[k] = typeof v === 'string' ? v : JSON.stringify(v);
    const image = createImage(c, req.owner, {
      name: req.name,
      disk_format: req.diskFormat,
      container_format: req.containerFormat,
      visibility: req.visibility as Image['visibility'],
      properties,
    });
    return { ...image } as unknown as ImageLike;
  },
  upload: async (c, id, sourceFile) => {
    const image = images(c).get(id);
    if (!image) return;
    if (sourceFile) {
      await storeImageFile(c, image, sourceFile);
      return;
    }
    // A boot-from-volume snapshot: no bytes, active at size 0 (its block_device_mapping says where the data is).
    const empty = createHash('md5').update('').digest('hex');
    Object.assign(image, { status: 'active', size: 0, virtual_size: 0, checksum: empty, os_hash_algo: 'sha512', os_hash_value: createHash('sha512').update('').digest('hex') });
    writeFileSync(imageDataPath(c, id), '');
  },
  fail: (c, id) => {
    const image = images(c).get(id);
    if (image) image.status = 'killed';
  },
};

export function glance(): GlanceBridge {
  return bridge;
}

export function findImage(c: SimCloud, id: string): ImageLike | undefined {
  return bridge.find(c, id);
}

/**
 * Glance functions other simulated services call directly: Nova's createImage and Cinder's
 * upload-to-image create a queued image and store bytes from a file; Cinder's volume-from-image
 * reads an image's bytes from its file.
 */
import type { SimCloud } from '../core/cloud.js';
import { imageDataPath, storeImageFile } from './data.js';
import { images, newImage, type Image } from './model.js';

/** Creates a queued image owned by `projectId` with the given core attributes and properties. */
export function createImage(
  cloud: SimCloud,
  projectId: string,
  attrs: { name: string; disk_format?: string; container_format?: string; visibility?: Image['visibility']; min_disk?: number; min_ram?: number; properties?: Record<string, string> },
): Image {
  const image = newImage(cloud, projectId);
  Object.assign(image, {
    name: attrs.name,
    disk_format: attrs.disk_format ?? 'raw',
    container_format: attrs.container_format ?? 'bare',
    visibility: attrs.visibility ?? 'private',
    min_disk: attrs.min_disk ?? 0,
    min_ram: attrs.min_ram ?? 0,
    properties: { ...attrs.properties },
  });
  return images(cloud).put(image);
}

export { storeImageFile, imageDataPath };
export { images };
export type { Image };

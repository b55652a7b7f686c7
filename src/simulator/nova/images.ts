/**
 * Nova's and Cinder's calls into Glance: look an image up, make a snapshot image with bytes
 * (createImage, os-volume_upload_image), and find an image's bytes (boot volume from image).
 * Glance keeps its own rules; this file only adapts to the Glance module's API.
 */
import type { SimCloud } from '../core/cloud.js';

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

let bridge: GlanceBridge | undefined;

export function setGlanceBridge(b: GlanceBridge): void {
  bridge = b;
}

export function glance(): GlanceBridge {
  if (!bridge) throw new Error('Glance is not available in this simulated cloud');
  return bridge;
}

export function findImage(c: SimCloud, id: string): ImageLike | undefined {
  return bridge?.find(c, id);
}

/**
 * Image bytes: streamed to a file while MD5 (`checksum`) and SHA-512 (`os_hash_value`) are
 * computed, so a multi-GB upload costs no memory; streamed back on download with Content-MD5.
 * Status runs queued → saving → active; after the bytes are stored the saving → active step is a
 * progression (kind 'image'), so a test can make an image stay `saving` for N polls or T ms, or
 * end `killed`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, rmSync, statSync, writeFileSync } from 'node:fs';
import { sparseFileWriter } from './sparseWriter.js';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import { images, touchImage, type Image } from './model.js';

export const imageDataPath = (cloud: SimCloud, id: string): string => cloud.dataPath('images', id);

/** Starts the saving → active run for an image whose bytes are stored. */
function finish(cloud: SimCloud, image: Image, size: number, md5: string, sha512: string): void {
  Object.assign(image, { size, virtual_size: size, checksum: md5, os_hash_algo: 'sha512', os_hash_value: sha512 });
  touchImage(cloud, image);
  cloud.progression.start('image', image.id, ['saving', 'active'], {
    onState: (c) => {
      image.status = c.failed ? 'killed' : (c.state as Image['status']);
      touchImage(cloud, image);
    },
  });
}

/** Stores the bytes of `source` as the image's data (the PUT /file handler and cross-service uploads). */
export async function storeImageData(cloud: SimCloud, image: Image, source: Readable | AsyncIterable<Uint8Array>): Promise<void> {
  if (image.status !== 'queued') {
    throw new ApiError(409, `Image status transition from ${image.status} to saving is not allowed`);
  }
  image.status = 'saving';
  const md5 = createHash('md5');
  const sha = createHash('sha512');
  let size = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, done) {
      md5.update(chunk);
      sha.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const path = imageDataPath(cloud, image.id);
  try {
    await pipeline(source, hasher, sparseFileWriter(path));
  } catch (err) {
    rmSync(path, { force: true });
    if (images(cloud).get(image.id) === image) image.status = 'queued';
    throw new ApiError(400, `Image data upload was interrupted: ${(err as Error).message}`);
  }
  if (images(cloud).get(image.id) !== image) {
    rmSync(path, { force: true }); // deleted while uploading
    throw new ApiError(410, `Image ${image.id} was deleted during the upload.`);
  }
  finish(cloud, image, size, md5.digest('hex'), sha.digest('hex'));
}

/** Copies a local file in as the image's data (Nova createImage, Cinder upload-to-image). */
export async function storeImageFile(cloud: SimCloud, image: Image, file: string): Promise<void> {
  await storeImageData(cloud, image, createReadStream(file));
}

/** Writes deterministic bytes for a seeded image without streaming through HTTP. */
export function seedImageBytes(cloud: SimCloud, image: Image, bytes: Buffer): void {
  writeFileSync(imageDataPath(cloud, image.id), bytes);
  const md5 = createHash('md5').update(bytes).digest('hex');
  const sha = createHash('sha512').update(bytes).digest('hex');
  Object.assign(image, { size: bytes.length, virtual_size: bytes.length, checksum: md5, os_hash_algo: 'sha512', os_hash_value: sha, status: 'active' });
}

export function imageStream(cloud: SimCloud, image: Image): { stream: Readable; size: number } {
  const path = imageDataPath(cloud, image.id);
  return { stream: createReadStream(path), size: statSync(path).size };
}

export function removeImageData(cloud: SimCloud, id: string): void {
  rmSync(imageDataPath(cloud, id), { force: true });
}

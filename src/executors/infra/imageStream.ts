/**
 * Copies an image's bytes from source Glance to destination Glance without touching disk: the
 * download body is hashed (MD5 for Glance's `checksum`, SHA-512 for `os_hash_value`) and counted
 * as it is forwarded to the upload, with backpressure end to end. The copy is verified against
 * the source's identity and against what destination Glance computed.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { codes, StackshiftError } from '../../errors.js';
import type { OpenStackClient } from '../openstack/client.js';

export interface ImageIdentity {
  checksum?: string | null;
  os_hash_value?: string | null;
  size?: number | null;
}

export interface CopiedImageData {
  size: number;
  checksum: string;
  os_hash_value: string;
}

async function* hashing(body: Readable, digest: { md5: ReturnType<typeof createHash>; sha512: ReturnType<typeof createHash>; size: number }, onBytes?: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    digest.md5.update(chunk);
    digest.sha512.update(chunk);
    digest.size += chunk.length;
    onBytes?.(chunk.length);
    yield chunk;
  }
}

function mismatch(what: string, imageName: string, expected: unknown, actual: unknown): StackshiftError {
  return new StackshiftError(codes.STEP_FAILED, `image '${imageName}': ${what} ${String(actual)} does not match the source's ${String(expected)}`, {
    retry: 'backoff',
    data: { image: imageName, what, expected, actual },
    hint: 'the next pass replaces the destination image and copies the data again',
  });
}

export async function copyImageData(
  source: OpenStackClient,
  destination: OpenStackClient,
  job: { name: string; sourceId: string; destinationId: string; expected: ImageIdentity; onBytes?: (n: number) => void },
): Promise<CopiedImageData> {
  const down = await source.stream({ service: 'image', method: 'GET', path: `/images/${job.sourceId}/file` });
  const length = Number(down.headers['content-length']);
  const digest = { md5: createHash('md5'), sha512: createHash('sha512'), size: 0 };
  await destination.upload({
    service: 'image', method: 'PUT', path: `/images/${job.destinationId}/file`, expect: [204, 201, 200],
    body: hashing(down.body, digest, job.onBytes),
    ...(Number.isFinite(length) && length >= 0 ? { contentLength: length } : {}),
  });
  const copied = { size: digest.size, checksum: digest.md5.digest('hex'), os_hash_value: digest.sha512.digest('hex') };
  const e = job.expected;
  if (typeof e.size === 'number' && e.size !== copied.size) throw mismatch('size', job.name, e.size, copied.size);
  if (e.checksum && e.checksum !== copied.checksum) throw mismatch('MD5 checksum', job.name, e.checksum, copied.checksum);
  if (e.os_hash_value && e.os_hash_value !== copied.os_hash_value) throw mismatch('SHA-512 os_hash_value', job.name, e.os_hash_value, copied.os_hash_value);
  const stored = (await destination.request<ImageIdentity & { status?: string }>({ service: 'image', method: 'GET', path: `/images/${job.destinationId}` })).body;
  if (stored.checksum && stored.checksum !== copied.checksum) throw mismatch('destination checksum', job.name, copied.checksum, stored.checksum);
  if (stored.os_hash_value && stored.os_hash_value !== copied.os_hash_value) throw mismatch('destination os_hash_value', job.name, copied.os_hash_value, stored.os_hash_value);
  if (typeof stored.size === 'number' && stored.size !== copied.size) throw mismatch('destination size', job.name, copied.size, stored.size);
  return copied;
}

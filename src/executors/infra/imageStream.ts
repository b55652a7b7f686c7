/**
 * Copies an image's bytes from source Glance to destination Glance without touching disk: the
 * download body is forwarded to the upload chunk by chunk, with backpressure end to end, and
 * counted. Verification is end to end: Glance computes MD5 (`checksum`) and SHA-512
 * (`os_hash_value`) of what it stores, so the destination's values must equal the source's,
 * and the size must match. Only a hash the source does not publish is computed here, on the
 * fly (or both, with `localHash`), so a copy costs the migrator no CPU it does not need.
 */
import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
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

interface Digest {
  md5?: ReturnType<typeof createHash>;
  sha512?: ReturnType<typeof createHash>;
  size: number;
}

/**
 * Counts (and, where asked, hashes) each chunk on its way from the download to the upload; with a
 * throttle, a chunk passes only once the bandwidth budget allows it (backpressure slows the download).
 */
function counting(body: Readable, digest: Digest, onBytes?: (n: number) => void, throttle?: (bytes: number) => Promise<void>): Readable {
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.md5?.update(chunk);
      digest.sha512?.update(chunk);
      digest.size += chunk.length;
      onBytes?.(chunk.length);
      if (!throttle) return done(null, chunk);
      throttle(chunk.length).then(() => done(null, chunk), done);
    },
  });
  // A failed download must fail the upload rather than end it early.
  pipeline(body, tap, () => undefined);
  return tap;
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
  job: { name: string; sourceId: string; destinationId: string; expected: ImageIdentity; onBytes?: (n: number) => void; localHash?: boolean; signal?: AbortSignal; throttle?: (bytes: number) => Promise<void> },
): Promise<CopiedImageData> {
  const e = job.expected;
  const signal = job.signal ? { signal: job.signal } : {};
  const down = await source.stream({ service: 'image', method: 'GET', path: `/images/${job.sourceId}/file`, ...signal });
  const length = Number(down.headers['content-length']);
  const digest: Digest = {
    size: 0,
    ...(job.localHash || !e.checksum ? { md5: createHash('md5') } : {}),
    ...(job.localHash || !e.os_hash_value ? { sha512: createHash('sha512') } : {}),
  };
  await destination.upload({
    service: 'image', method: 'PUT', path: `/images/${job.destinationId}/file`, expect: [204, 201, 200],
    body: counting(down.body, digest, job.onBytes, job.throttle),
    ...signal,
    ...(Number.isFinite(length) && length >= 0 ? { contentLength: length } : {}),
  });
  const local = { md5: digest.md5?.digest('hex'), sha512: digest.sha512?.digest('hex') };
  if (typeof e.size === 'number' && e.size !== digest.size) throw mismatch('size', job.name, e.size, digest.size);
  if (e.checksum && local.md5 && e.checksum !== local.md5) throw mismatch('MD5 checksum', job.name, e.checksum, local.md5);
  if (e.os_hash_value && local.sha512 && e.os_hash_value !== local.sha512) throw mismatch('SHA-512 os_hash_value', job.name, e.os_hash_value, local.sha512);
  // What the destination stored must hash to what the source published (or what we computed).
  const want = { checksum: e.checksum || local.md5, os_hash_value: e.os_hash_value || local.sha512 };
  const stored = (await destination.request<ImageIdentity>({ service: 'image', method: 'GET', path: `/images/${job.destinationId}` })).body;
  if (stored.checksum !== want.checksum) throw mismatch('destination checksum', job.name, want.checksum, stored.checksum);
  if (stored.os_hash_value !== want.os_hash_value) throw mismatch('destination os_hash_value', job.name, want.os_hash_value, stored.os_hash_value);
  if (stored.size !== digest.size) throw mismatch('destination size', job.name, digest.size, stored.size);
  return { size: digest.size, checksum: stored.checksum as string, os_hash_value: stored.os_hash_value as string };
}

/**
 * Seeds Glance from `openstack.image.Image` resources (OS-Migrate images.yml), keeping their ids.
 * Bytes are deterministic (a PRNG seeded by the image id) and `imageBytes` long (default 2 MiB),
 * so checksums are stable across runs; they do not match the snapshot's real checksum.
 */
import { createHash } from 'node:crypto';
import type { SimCloud } from '../core/cloud.js';
import { Prng } from '../core/ids.js';
import { projectByName } from '../keystone/identity.js';
import { ownerOf, type CloudScenario } from '../scenario.js';
import { seedImageBytes } from './data.js';
import { images, newImage } from './model.js';
import { setAttribute } from './images.js';

const PARAM_MAP: Record<string, string> = { is_protected: 'protected', is_hidden: 'os_hidden' };
const SKIP = new Set(['properties', 'kernel_ref', 'ramdisk_ref', 'tags', 'id', 'owner', 'status', 'size', 'checksum']);

/** `length` deterministic bytes derived from `key`. */
export function deterministicBytes(key: string, length: number): Buffer {
  const seed = createHash('sha256').update(key).digest().readUInt32LE(0);
  const prng = new Prng(seed);
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i + 4 <= length; i += 4) out.writeUInt32LE(Math.floor(prng.next() * 4294967296), i);
  for (let i = length - (length % 4); i < length; i++) out[i] = prng.byte();
  return out;
}

export function seedGlance(cloud: SimCloud, scenario: CloudScenario): void {
  const size = scenario.imageBytes ?? 2 * 1024 * 1024;
  for (const r of (scenario.resources ?? []).filter((x) => x.type === 'openstack.image.Image')) {
    const project = projectByName(cloud, ownerOf(scenario, r));
    if (!project) throw new Error(`scenario image '${String(r.params.name)}' belongs to unknown project '${ownerOf(scenario, r)}'`);
    const image = newImage(cloud, project.id, r._info?.id as string | undefined);
    image.visibility = 'private';
    for (const [key, value] of Object.entries(r.params)) {
      if (SKIP.has(key) || value === null || value === undefined) continue;
      setAttribute(undefined, image, PARAM_MAP[key] ?? key, typeof value === 'object' || PARAM_MAP[key] || ['min_ram', 'min_disk', 'protected', 'os_hidden'].includes(key) ? value : String(value));
    }
    const props = r.params.properties;
    if (props && typeof props === 'object') for (const [k, v] of Object.entries(props)) if (v !== null) image.properties[k] = String(v);
    if (Array.isArray(r.params.tags)) image.tags = r.params.tags.map(String);
    images(cloud).put(image);
    seedImageBytes(cloud, image, deterministicBytes(`${image.id}/${String(image.name)}`, size));
  }
}

/**
 * Images: by name in the destination project plus the Glance property
 * `stackshift_managed: 'true'`. Metadata updates in place (JSON patch); the data is immutable in
 * Glance, so different source bytes (checksum) mean a replace, and an image record without data
 * (a crash between create and upload) means an upload. The desired data identity (MD5 checksum,
 * sha512 os_hash_value, size) comes from the source image when the source was observed, else
 * from the snapshot's `_info`.
 */
import type { ImageParams } from '../desired/model.js';
import { IMAGE_MARKER_PROPERTY, sameValue, str } from './common.js';
import type { Diff, FieldChange, ResourceKindDef, Spec } from './types.js';
import { adoptImage, createImage, deleteImage, updateImage } from '../executors/infra/glance.js';
import { listAll } from '../executors/openstack/pagination.js';

/** Glance's own fields: everything else on an image is a free-form property. */
const CORE = new Set([
  'id', 'name', 'status', 'visibility', 'protected', 'is_protected', 'checksum', 'os_hash_algo', 'os_hash_value',
  'size', 'virtual_size', 'min_disk', 'min_ram', 'disk_format', 'container_format', 'owner', 'owner_id', 'created_at',
  'updated_at', 'tags', 'self', 'file', 'schema', 'direct_url', 'locations', 'stores', 'os_hidden', 'is_hidden',
  'properties', 'kernel_ref', 'ramdisk_ref', 'kernel_id', 'ramdisk_id', 'url', 'metadata', 'store', 'instance_uuid',
  IMAGE_MARKER_PROPERTY,
]);

export interface ImageData {
  checksum?: string;
  os_hash_value?: string;
  size?: number;
}

/** Free-form properties of a snapshot image: its `properties` plus typed hw_ and os_ fields. */
function desiredProperties(p: ImageParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.properties ?? {})) if (v !== null && v !== undefined && !CORE.has(k)) out[k] = String(v);
  for (const [k, v] of Object.entries(p)) if (v !== null && v !== undefined && !CORE.has(k) && typeof v !== 'object') out[k] = String(v);
  return out;
}

function dataOf(source: { checksum?: unknown; os_hash_value?: unknown; size?: unknown } | undefined): ImageData | undefined {
  if (!source || typeof source.checksum !== 'string') return undefined;
  return {
    checksum: source.checksum,
    ...(typeof source.os_hash_value === 'string' ? { os_hash_value: source.os_hash_value } : {}),
    ...(typeof source.size === 'number' ? { size: source.size } : {}),
  };
}

/**
 * An active image's data identity; null for a record still waiting for data (`queued`: upload
 * it); for an upload that never finished (`saving`, `killed`, ...) an identity that matches
 * nothing, so the image is replaced rather than uploaded into a state Glance refuses.
 */
function observedData(raw: Record<string, unknown>): ImageData | null {
  if (raw.status === 'active') return dataOf(raw) ?? null;
  if (raw.status === 'queued') return null;
  return { checksum: `incomplete:${String(raw.status)}` };
}

/** Tags compared as a set: sorted and without repeats. */
function tagsOf(value: unknown): string[] {
  return Array.isArray(value) ? [...new Set(value.map(String))].sort() : [];
}

function diffImage(desired: Spec, observed: Spec): Diff {
  const fields: FieldChange[] = [];
  for (const field of ['disk_format', 'container_format'])
    if (!sameValue(desired[field], observed[field])) fields.push({ field, from: observed[field], to: desired[field], inPlace: false });
  for (const field of ['min_disk', 'min_ram', 'visibility', 'protected'])
    if (desired[field] !== undefined && !sameValue(desired[field], observed[field])) fields.push({ field, from: observed[field] ?? null, to: desired[field], inPlace: true });
  if (!sameValue(desired.tags ?? [], observed.tags ?? [])) fields.push({ field: 'tags', from: observed.tags ?? [], to: desired.tags ?? [], inPlace: true });
  const want = (desired.properties ?? {}) as Record<string, string>;
  const have = (observed.properties ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(want)) if (have[k] !== v) fields.push({ field: `properties.${k}`, from: have[k] ?? null, to: v, inPlace: true });
  const wantData = desired.data as ImageData | undefined;
  const haveData = observed.data as ImageData | null;
  if (haveData === null) fields.push({ field: 'data', from: null, to: wantData ?? 'source image data', inPlace: true });
  else if (wantData?.checksum !== undefined && wantData.checksum !== haveData.checksum) fields.push({ field: 'data', from: haveData, to: wantData, inPlace: false });
  if (fields.length === 0) return { action: 'none', fields };
  return { action: fields.every((f) => f.inPlace) ? 'update' : 'replace', fields };
}

export const image: ResourceKindDef = {
  kind: 'image',
  order: 8,
  collection: 'images',
  observe: (ctx) => listAll<Record<string, unknown>>(ctx.client, { service: 'image', path: '/images', query: { owner: ctx.projectId } }, { key: 'images', pageSize: 200 }),
  // Image copies are the long steps and depend on nothing: they start first and overlap the rest.
  priority: 1,
  executors: { create: createImage, update: updateImage, adopt: adoptImage, delete: deleteImage },
  fromDesired(resource, ctx) {
    const p = resource.params as ImageParams;
    const source = ctx.sourceImages?.[p.name];
    const spec: Spec = {
      name: p.name,
      disk_format: p.disk_format,
      container_format: p.container_format,
      min_disk: p.min_disk ?? undefined,
      min_ram: p.min_ram ?? undefined,
      visibility: p.visibility ?? undefined,
      protected: p.is_protected ?? undefined,
      properties: desiredProperties(p),
      tags: tagsOf(p.tags),
      data: dataOf(source) ?? dataOf(resource.info as { checksum?: unknown }),
      source_id: source?.id ?? str(resource.info.id),
    };
    return [{ kind: 'image', key: p.name, spec, refs: [], file: resource.file, line: resource.line }];
  },
  key: (spec) => String(spec.name),
  dependsOn: () => [],
  diff: diffImage,
  fromObserved(raw) {
    const properties: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) if (!CORE.has(k) && v !== null && typeof v !== 'object') properties[k] = String(v);
    const spec: Spec = {
      name: str(raw.name) ?? '',
      disk_format: raw.disk_format ?? null,
      container_format: raw.container_format ?? null,
      min_disk: raw.min_disk,
      min_ram: raw.min_ram,
      visibility: raw.visibility,
      protected: raw.protected,
      properties,
      tags: tagsOf(raw.tags),
      data: observedData(raw),
    };
    return [{ kind: 'image', key: String(spec.name), id: String(raw.id), spec, refs: [], managed: raw[IMAGE_MARKER_PROPERTY] === 'true' }];
  },
};

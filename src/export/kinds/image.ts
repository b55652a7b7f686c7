/**
 * images.yml: image metadata (the bytes are copied at apply time, by _info.id). Exports the
 * project's own images and any other image an exported server boots from.
 */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { Image } from '../../executors/openstack/glance.js';
import type { KindExporter } from '../types.js';
import { byId, nameFilter, nameKey, nameOf } from './util.js';

/** Glance's own fields; everything else on an image is a property. */
const core = new Set([
  'id', 'name', 'status', 'visibility', 'protected', 'disk_format', 'container_format', 'min_disk', 'min_ram', 'size',
  'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'owner', 'tags', 'created_at', 'updated_at', 'self', 'file',
  'schema', 'direct_url', 'locations', 'stores', 'os_hidden', 'kernel_id', 'ramdisk_id', 'architecture',
]);

/** Images the export covers: owned by the project, or booted by one of its servers. */
export function exportedImages(images: readonly Image[], projectId: string, bootedIds: ReadonlySet<string>): Image[] {
  return images.filter((i) => i.owner === projectId || bootedIds.has(i.id));
}

export const images: KindExporter = {
  kind: 'image',
  needs: ['images', 'servers'],
  build: ({ observed, ref }) => {
    const all = byId(observed.images);
    const booted = new Set(observed.servers.map((s) => (s.image ? s.image.id : '')).filter(Boolean));
    const imageRef = (id: unknown) => {
      const target = typeof id === 'string' ? all.get(id) : undefined;
      return target ? ref(nameOf(target), target.owner) : null;
    };
    return exportedImages(observed.images, observed.projectId, booted).map((i) => {
      const properties: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(i)) if (!core.has(k) && !k.startsWith('os_glance')) properties[k] = v;
      return {
        type: RESOURCE_TYPES.image,
        params: {
          ...(typeof i.architecture === 'string' ? { architecture: i.architecture } : {}),
          container_format: i.container_format ?? 'bare',
          disk_format: i.disk_format ?? 'raw',
          ...(i.os_hidden === true ? { is_hidden: true } : {}),
          is_protected: i.protected ?? false,
          kernel_ref: imageRef(i.kernel_id),
          min_disk: i.min_disk ?? 0,
          min_ram: i.min_ram ?? 0,
          name: nameOf({ name: i.name, id: i.id }),
          properties,
          ramdisk_ref: imageRef(i.ramdisk_id),
          // OS-Migrate 1.0.5 drops tags; written only when there are some, so other files do not change.
          ...(Array.isArray(i.tags) && i.tags.length > 0 ? { tags: [...i.tags].sort() } : {}),
          visibility: i.visibility,
        },
        _info: {
          checksum: i.checksum ?? null,
          created_at: i.created_at ?? null,
          id: i.id,
          owner_id: i.owner ?? null,
          size: i.size ?? null,
          status: i.status,
          updated_at: i.updated_at ?? null,
          virtual_size: i.virtual_size ?? null,
        },
      };
    });
  },
  filterName: nameFilter,
  sortKey: nameKey,
};

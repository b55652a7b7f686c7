/** flavors.yml: the flavors the project can use, with their extra specs. */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { KindExporter } from '../types.js';
import { nameFilter, nameKey } from './util.js';

export const flavors: KindExporter = {
  kind: 'flavor',
  needs: ['flavors'],
  build: ({ observed }) =>
    observed.flavors.map((f) => ({
      type: RESOURCE_TYPES.flavor,
      params: {
        description: f.description ?? null,
        disk: f.disk,
        ephemeral: f['OS-FLV-EXT-DATA:ephemeral'] ?? 0,
        extra_specs: f.extra_specs ?? {},
        is_public: f['os-flavor-access:is_public'] ?? true,
        name: f.name,
        ram: f.ram,
        rxtx_factor: f.rxtx_factor ?? 1,
        swap: f.swap === '' || f.swap === undefined ? 0 : f.swap,
        vcpus: f.vcpus,
      },
      _info: { id: f.id, is_disabled: f['OS-FLV-DISABLED:disabled'] ?? false },
    })),
  filterName: nameFilter,
  sortKey: nameKey,
};

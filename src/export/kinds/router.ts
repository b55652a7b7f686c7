/**
 * routers.yml: the project's routers. The external network is referenced by name; the gateway's
 * SNAT flag and addresses go in params too (OS-Migrate keeps them only in _info; its readers
 * ignore the extra keys), by address only: a tenant cannot resolve the public subnet's name.
 */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { KindExporter } from '../types.js';
import { byId, nameFilter, nameKey, nameOf, owner, sorted } from './util.js';

export const routers: KindExporter = {
  kind: 'router',
  needs: ['networks', 'routers'],
  build: ({ observed, ref }) => {
    const nets = byId(observed.networks);
    return observed.routers
      .filter((r) => owner(r) === observed.projectId)
      .map((r) => {
        const gw = r.external_gateway_info ?? null;
        const extNet = gw ? nets.get(gw.network_id) : undefined;
        return {
          type: RESOURCE_TYPES.router,
          params: {
            availability_zone_hints: sorted(r.availability_zone_hints),
            description: r.description ?? '',
            external_gateway_refinfo: gw
              ? {
                  network_ref: extNet ? ref(nameOf(extNet), owner(extNet)) : null,
                  enable_snat: gw.enable_snat ?? null,
                  external_fixed_ips: (gw.external_fixed_ips ?? []).map((f) => ({ ip_address: f.ip_address })),
                }
              : null,
            flavor_ref: null,
            is_admin_state_up: r.admin_state_up ?? true,
            is_distributed: r.distributed ?? null,
            is_ha: r.ha ?? null,
            name: nameOf(r),
            tags: sorted(r.tags),
          },
          _info: {
            availability_zones: sorted(r.availability_zones),
            created_at: r.created_at ?? null,
            external_gateway_info: gw
              ? { enable_snat: gw.enable_snat ?? null, external_fixed_ips: gw.external_fixed_ips ?? [], network_id: gw.network_id }
              : null,
            flavor_id: r.flavor_id ?? null,
            id: r.id,
            project_id: owner(r) ?? null,
            revision_number: r.revision_number ?? null,
            routes: r.routes ?? [],
            status: r.status ?? null,
            updated_at: r.updated_at ?? null,
          },
        };
      });
  },
  filterName: nameFilter,
  sortKey: nameKey,
};

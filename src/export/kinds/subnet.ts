/** subnets.yml: subnets of the project's networks, each pointing at its network by name. */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { KindExporter } from '../types.js';
import { byId, nameFilter, nameKey, nameOf, owner, sorted } from './util.js';

export const subnets: KindExporter = {
  kind: 'subnet',
  needs: ['networks', 'subnets'],
  build: ({ observed, ref }) => {
    const nets = byId(observed.networks);
    return observed.subnets
      .filter((s) => owner(s) === observed.projectId && nets.has(s.network_id))
      .map((s) => {
        const net = nets.get(s.network_id)!;
        return {
          type: RESOURCE_TYPES.subnet,
          params: {
            allocation_pools: s.allocation_pools ?? [],
            cidr: s.cidr,
            description: s.description ?? '',
            dns_nameservers: s.dns_nameservers ?? [],
            gateway_ip: s.gateway_ip ?? null,
            host_routes: s.host_routes ?? [],
            ip_version: s.ip_version,
            ipv6_address_mode: s.ipv6_address_mode ?? null,
            ipv6_ra_mode: s.ipv6_ra_mode ?? null,
            is_dhcp_enabled: s.enable_dhcp ?? true,
            name: nameOf(s),
            network_ref: ref(nameOf(net), owner(net)),
            segment_ref: null,
            service_types: sorted(s.service_types),
            subnet_pool_ref: null,
            tags: sorted(s.tags),
            use_default_subnet_pool: null,
          },
          _info: {
            created_at: s.created_at ?? null,
            id: s.id,
            network_id: s.network_id,
            prefix_length: null,
            project_id: owner(s) ?? null,
            revision_number: s.revision_number ?? null,
            segment_id: s.segment_id ?? null,
            subnet_pool_id: s.subnetpool_id ?? null,
            updated_at: s.updated_at ?? null,
          },
        };
      });
  },
  filterName: nameFilter,
  sortKey: nameKey,
};

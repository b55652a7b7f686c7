/** networks.yml: the project's own networks (shared/external ones are only referenced). */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { KindExporter } from '../types.js';
import { nameFilter, nameKey, nameOf, orNull, owner, sorted } from './util.js';

export const networks: KindExporter = {
  kind: 'network',
  needs: ['networks'],
  build: ({ observed }) =>
    observed.networks
      .filter((n) => owner(n) === observed.projectId)
      .map((n) => ({
        type: RESOURCE_TYPES.network,
        params: {
          availability_zone_hints: sorted(n.availability_zone_hints),
          description: n.description ?? '',
          dns_domain: orNull(n.dns_domain as string | undefined),
          is_admin_state_up: n.admin_state_up ?? true,
          is_default: (n.is_default as boolean | undefined) ?? null,
          is_port_security_enabled: n.port_security_enabled ?? null,
          is_router_external: n['router:external'] ?? false,
          is_shared: n.shared ?? false,
          is_vlan_transparent: (n.vlan_transparent as boolean | undefined) ?? null,
          mtu: n.mtu ?? null,
          name: nameOf(n),
          provider_network_type: n['provider:network_type'] ?? null,
          provider_physical_network: n['provider:physical_network'] ?? null,
          provider_segmentation_id: n['provider:segmentation_id'] ?? null,
          qos_policy_ref: null,
          segments: null,
          tags: sorted(n.tags),
        },
        _info: {
          availability_zones: sorted(n.availability_zones),
          created_at: n.created_at ?? null,
          id: n.id,
          project_id: owner(n) ?? null,
          qos_policy_id: n.qos_policy_id ?? null,
          revision_number: n.revision_number ?? null,
          status: n.status ?? null,
          subnet_ids: sorted(n.subnets),
          updated_at: n.updated_at ?? null,
        },
      })),
  filterName: nameFilter,
  sortKey: nameKey,
};

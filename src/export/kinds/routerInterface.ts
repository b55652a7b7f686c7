/**
 * router_interfaces.yml: the ports that join the project's routers to its subnets, with their
 * fixed IPs and names, so the destination keeps the same gateway addresses and port names.
 */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { KindExporter, SnapshotResource } from '../types.js';
import { byId, nameOf, owner } from './util.js';

const interfaceOwners = new Set(['network:router_interface', 'network:router_interface_distributed', 'network:ha_router_replicated_interface']);

const routerName = (r: SnapshotResource) => String((r.params.device_ref as { name?: string } | null)?.name ?? '');

export const routerInterfaces: KindExporter = {
  kind: 'router_interface',
  needs: ['networks', 'subnets', 'routers', 'ports'],
  build: ({ observed, ref }) => {
    const routers = byId(observed.routers.filter((r) => owner(r) === observed.projectId));
    const nets = byId(observed.networks);
    const subnets = byId(observed.subnets);
    return observed.ports
      .filter((p) => interfaceOwners.has(p.device_owner) && routers.has(p.device_id) && nets.has(p.network_id))
      .map((p) => {
        const router = routers.get(p.device_id)!;
        const net = nets.get(p.network_id)!;
        return {
          type: RESOURCE_TYPES.router_interface,
          params: {
            device_owner: p.device_owner,
            device_ref: ref(nameOf(router), owner(router)),
            fixed_ips_refs: p.fixed_ips
              .filter((ip) => subnets.has(ip.subnet_id))
              .map((ip) => ({ ip_address: ip.ip_address, subnet_ref: ref(nameOf(subnets.get(ip.subnet_id)!), owner(subnets.get(ip.subnet_id)!)) })),
            // The port's own name, when it has one (OS-Migrate 1.0.5 drops it; its readers ignore the key).
            ...(p.name ? { name: p.name } : {}),
            network_ref: ref(nameOf(net), owner(net)),
          },
          _info: { id: p.id },
        };
      });
  },
  filterName: routerName,
  sortKey: (r) => {
    const ips = (r.params.fixed_ips_refs as { ip_address: string }[]).map((i) => i.ip_address).join(',');
    return `${routerName(r)}\u0000${String((r.params.network_ref as { name: string }).name)}\u0000${ips}\u0000${String(r._info.id)}`;
  },
};

/**
 * Networks: found again by name in the destination project plus the `stackshift` tag. Every
 * field stackshift manages can be updated in place (Neutron allows it); provider attributes are
 * admin-only and left to the destination's defaults. A network named in `mappings.networks`
 * already exists in the destination under the mapped name and is not created.
 */
import type { NetworkParams } from '../desired/model.js';
import { diffFields, hasMarkerTag, mapName, opt, str, userTags } from './common.js';
import type { ResourceKindDef, Spec } from './types.js';
import { GATEWAY_ADDRESSES, observeGatewayAddresses } from './routerGateway.js';
import { createNetworkOrSubnet, deleteNetworkOrSubnet, updateNetworkOrSubnet } from '../executors/infra/neutronNetworks.js';
import { neutronList } from '../executors/infra/observe.js';
import { addMarkerTag } from '../executors/infra/neutronCommon.js';

export const network: ResourceKindDef = {
  kind: 'network',
  order: 0,
  collection: 'networks',
  // The project's networks and the shared ones (the external network its routers use), the
  // external ones with the addresses a router gateway may take (with the destination admin).
  observe: (ctx) => observeGatewayAddresses(ctx, neutronList(ctx, '/networks', 'networks')),
  projectScoped: true,
  namedById: true,
  executors: { create: createNetworkOrSubnet, update: updateNetworkOrSubnet, adopt: addMarkerTag('networks'), delete: deleteNetworkOrSubnet },
  fromDesired(resource, ctx) {
    const p = resource.params as NetworkParams;
    if (ctx.networks[p.name] !== undefined) return [];
    const spec: Spec = {
      name: mapName(ctx.networks, p.name),
      description: p.description ?? '',
      admin_state_up: opt(p.is_admin_state_up),
      port_security_enabled: opt(p.is_port_security_enabled),
      mtu: opt(p.mtu),
      dns_domain: p.dns_domain ? p.dns_domain : undefined,
      tags: userTags(p.tags),
    };
    return [{ kind: 'network', key: p.name, spec, refs: [], file: resource.file, line: resource.line }];
  },
  key: (spec) => String(spec.name),
  dependsOn: () => [],
  diff: (desired, observed) =>
    diffFields(desired, observed, [
      { field: 'description', inPlace: true },
      { field: 'admin_state_up', inPlace: true },
      { field: 'port_security_enabled', inPlace: true },
      { field: 'mtu', inPlace: true },
      { field: 'dns_domain', inPlace: true },
      { field: 'tags', inPlace: true },
    ]),
  fromObserved(raw) {
    const spec: Spec = {
      name: str(raw.name) ?? '',
      description: str(raw.description) ?? '',
      admin_state_up: raw.admin_state_up,
      port_security_enabled: raw.port_security_enabled,
      mtu: raw.mtu,
      dns_domain: raw.dns_domain,
      tags: userTags(raw.tags),
      // Not compared (no diff rule): read by the router kind's fitToDestination.
      gateway_addresses: raw[GATEWAY_ADDRESSES],
    };
    return [{ kind: 'network', key: String(spec.name), id: String(raw.id), spec, refs: [], managed: hasMarkerTag(raw.tags) }];
  },
};

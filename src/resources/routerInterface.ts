/**
 * Router interfaces: one per (router, subnet), keeping the interface's IP (often the subnet's
 * gateway), as OS-Migrate does: stackshift creates a tagged port with that fixed IP and attaches
 * it. The port keeps its name too (one added through a named port). An interface belongs to its
 * router: it is managed when the router is.
 */
import type { RouterInterfaceParams } from '../desired/model.js';
import { diffFields, mapName, opt, refName, str } from './common.js';
import type { DesiredItem, ObservedItem, ResourceKindDef, Spec } from './types.js';
import { createRouterInterface, deleteRouterInterface, renameRouterInterface } from '../executors/infra/neutronRouters.js';
import { neutronList } from '../executors/infra/observe.js';

export function interfaceKey(routerName: string, subnetName: string): string {
  return `${routerName}/${subnetName}`;
}

export const routerInterface: ResourceKindDef = {
  kind: 'router_interface',
  order: 3,
  // add_router_interface takes 3–5 s on a real Neutron (port, IPAM, L3 notifications).
  stepCost: 4,
  ownedBy: 'router',
  collection: 'ports',
  // Interfaces are ports; only the router-interface ones of the project are read.
  observe: (ctx) => neutronList(ctx, '/ports', 'ports', { project_id: ctx.projectId, device_owner: ['network:router_interface', 'network:router_interface_distributed'] }),
  registersId: false,
  executors: { create: createRouterInterface, update: renameRouterInterface, delete: deleteRouterInterface },
  fromDesired(resource, ctx) {
    // One item per fixed IP (an interface port may carry several).
    const p = resource.params as RouterInterfaceParams;
    return (p.fixed_ips_refs ?? []).map((fixed) => {
      const spec: Spec = {
        router: refName(p.device_ref) ?? '',
        subnet: refName(fixed.subnet_ref) ?? '',
        network: mapName(ctx.networks, refName(p.network_ref) ?? ''),
        ip_address: fixed.ip_address ?? undefined,
        // Absent for an unnamed port and in OS-Migrate's files: the port is created unnamed, as
        // Neutron names the one it makes for a subnet, and its name is not compared.
        port_name: opt(p.name),
      };
      const item: DesiredItem = { kind: 'router_interface', key: routerInterface.key(spec), spec, refs: routerInterface.dependsOn(spec), file: resource.file, line: resource.line };
      return item;
    });
  },
  key: (spec) => interfaceKey(String(spec.router), String(spec.subnet)),
  dependsOn: (spec) => [
    { kind: 'router', key: String(spec.router) },
    { kind: 'subnet', key: String(spec.subnet) },
  ],
  diff: (desired, observed) =>
    diffFields(desired, observed, [
      { field: 'ip_address', inPlace: false },
      { field: 'port_name', inPlace: true },
    ]),
  fromObserved(raw, names) {
    const owner = String(raw.device_owner ?? '');
    if (!owner.startsWith('network:router_interface')) return [];
    const routerName = names.nameOf('router', String(raw.device_id));
    if (routerName === undefined) return [];
    const fixed = Array.isArray(raw.fixed_ips) ? (raw.fixed_ips as { subnet_id: string; ip_address: string }[]) : [];
    return fixed.map((f): ObservedItem => {
      const spec: Spec = {
        router: routerName,
        subnet: names.nameOf('subnet', f.subnet_id) ?? f.subnet_id,
        network: names.nameOf('network', String(raw.network_id)) ?? String(raw.network_id),
        ip_address: f.ip_address,
        port_name: str(raw.name) ?? '',
      };
      return { kind: 'router_interface', key: routerInterface.key(spec), id: String(raw.id), spec, refs: routerInterface.dependsOn(spec), managed: names.managesChildren('router', routerName) };
    });
  },
};

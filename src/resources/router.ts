/**
 * Routers: by name plus the `stackshift` tag. The external gateway names a destination network
 * (through `mappings.networks`); it must already exist there. Static routes come from
 * `params.routes` or, as OS-Migrate exports them, from `_info.routes`; they are set after the
 * router's interfaces exist, because Neutron refuses a route whose next hop is not on one. The
 * gateway's addresses and SNAT flag are kept where the destination allows (routerGateway.ts).
 */
import type { RouterParams } from '../desired/model.js';
import type { Step } from '../plan/model.js';
import { diffFields, hasMarkerTag, mapName, opt, refName, sortedList, str, userTags } from './common.js';
import type { Ref, ResourceKindDef, Spec } from './types.js';
import { desiredGateway, fitGateway, observedGateway } from './routerGateway.js';
import { createRouter, deleteRouter, updateRouter } from '../executors/infra/neutronRouters.js';
import { neutronList } from '../executors/infra/observe.js';
import { addMarkerTag } from '../executors/infra/neutronCommon.js';

export const router: ResourceKindDef = {
  kind: 'router',
  order: 2,
  // A create with a chosen gateway is two calls, the admin's PUT of the gateway the slow one (~3 s).
  stepCost: 3,
  collection: 'routers',
  observe: (ctx) => neutronList(ctx, '/routers', 'routers', { project_id: ctx.projectId }),
  projectScoped: true,
  namedById: true,
  managesChildren: (raw, ours) => ours && hasMarkerTag(raw.tags),
  // Neutron refuses a route whose next hop is not on an attached subnet: routes follow the interfaces.
  followUp(desired, action, fields) {
    const routes = Array.isArray(desired.spec.routes) && desired.spec.routes.length > 0;
    const after = (s: Step) => s.kind === 'router_interface' && s.action === 'create' && s.spec?.router === desired.key;
    if (action === 'create' && routes) return { createSpec: { ...desired.spec, routes: [] }, step: { action: 'routes', spec: desired.spec }, after };
    if (action === 'update' && fields.includes('routes')) return { after };
    return undefined;
  },
  executors: { create: createRouter, update: updateRouter, routes: updateRouter, adopt: addMarkerTag('routers'), delete: deleteRouter },
  fromDesired(resource, ctx) {
    const p = resource.params as RouterParams & { routes?: unknown };
    const gateway = refName(p.external_gateway_refinfo?.network_ref);
    const spec: Spec = {
      name: p.name,
      description: p.description ?? '',
      admin_state_up: opt(p.is_admin_state_up),
      external_network: gateway === undefined ? null : mapName(ctx.networks, gateway),
      ...(gateway === undefined ? {} : desiredGateway(p.external_gateway_refinfo)),
      routes: sortedList(p.routes ?? resource.info.routes) ?? [],
      tags: userTags(p.tags),
    };
    return [{ kind: 'router', key: p.name, spec, refs: router.dependsOn(spec), file: resource.file, line: resource.line }];
  },
  fitToDestination: fitGateway,
  key: (spec) => String(spec.name),
  dependsOn: (spec) => (typeof spec.external_network === 'string' ? [{ kind: 'network', key: spec.external_network } satisfies Ref] : []),
  diff: (desired, observed) =>
    diffFields(desired, observed, [
      { field: 'description', inPlace: true },
      { field: 'admin_state_up', inPlace: true },
      { field: 'external_network', inPlace: true },
      { field: 'external_fixed_ips', inPlace: true },
      { field: 'enable_snat', inPlace: true },
      { field: 'routes', inPlace: true },
      { field: 'tags', inPlace: true },
    ]),
  fromObserved(raw, names) {
    const gateway = raw.external_gateway_info as { network_id?: string } | null | undefined;
    const spec: Spec = {
      name: str(raw.name) ?? '',
      description: str(raw.description) ?? '',
      admin_state_up: raw.admin_state_up,
      external_network: gateway?.network_id ? (names.nameOf('network', gateway.network_id) ?? gateway.network_id) : null,
      ...observedGateway(raw),
      routes: sortedList(raw.routes) ?? [],
      tags: userTags(raw.tags),
    };
    return [{ kind: 'router', key: String(spec.name), id: String(raw.id), spec, refs: router.dependsOn(spec), managed: hasMarkerTag(raw.tags) }];
  },
};

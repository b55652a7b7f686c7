/**
 * Step executors for routers and their interfaces. An interface keeps its IP: stackshift creates
 * a tagged port with that fixed IP and attaches it (as OS-Migrate does). A router's delete
 * removes its routes, interfaces and gateway first, since Neutron refuses otherwise.
 */
import { MARKER_TAG } from '../../resources/common.js';
import type { Spec } from '../../resources/types.js';
import type { Step } from '../../plan/model.js';
import { deleteIgnoringAbsent, httpStatus, type StepContext, type StepOutcome } from './context.js';
import { createTagged, ensureTags, findMarked } from './neutronCommon.js';

interface Port {
  id: string;
  device_id?: string;
  device_owner?: string;
  fixed_ips?: { subnet_id: string; ip_address: string }[];
}

function gateway(spec: Spec, ctx: StepContext): Record<string, unknown> | null {
  return typeof spec.external_network === 'string' ? { network_id: ctx.ids.get('network', spec.external_network) } : null;
}

/**
 * The gateway with the addresses and SNAT flag the plan kept (it keeps them only when the
 * destination admin is configured: Neutron lets only admins set them), or undefined when the
 * spec leaves both to Neutron.
 */
function chosenGateway(spec: Spec, ctx: StepContext): Record<string, unknown> | undefined {
  const ips = spec.external_fixed_ips as string[] | undefined;
  const snat = spec.enable_snat as boolean | undefined;
  const base = gateway(spec, ctx);
  if (!base || (ips === undefined && snat === undefined)) return undefined;
  return { ...base, ...(ips ? { external_fixed_ips: ips.map((ip_address) => ({ ip_address })) } : {}), ...(snat !== undefined ? { enable_snat: snat } : {}) };
}

async function setChosenGateway(ctx: StepContext, id: string, info: Record<string, unknown>): Promise<void> {
  await (ctx.admin ?? ctx.destination).request({ service: 'network', method: 'PUT', path: `/routers/${id}`, body: { router: { external_gateway_info: info } } });
}

export async function createRouter(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const spec = step.spec as Spec;
  const existing = await findMarked(ctx, 'routers', String(spec.name));
  if (existing) return { type: 'ResourceCreated', id: existing, found: true };
  const body = { name: spec.name, description: spec.description, admin_state_up: spec.admin_state_up, external_gateway_info: gateway(spec, ctx) ?? undefined };
  const created = await createTagged(ctx, 'routers', 'router', body, spec.tags);
  // The project's member creates the router; its admin then sets what only admins may choose.
  // SNAT on alone is Neutron's default and needs no call.
  const chosen = chosenGateway(spec, ctx);
  if (chosen && (chosen.external_fixed_ips !== undefined || chosen.enable_snat === false)) await setChosenGateway(ctx, created.id, chosen);
  return { type: 'ResourceCreated', id: created.id, ...(created.requestId ? { requestId: created.requestId } : {}) };
}

/** Updates the changed fields; also the `routes` step that follows a create. */
export async function updateRouter(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const spec = step.spec as Spec;
  const id = step.targetId ?? ctx.ids.get('router', step.key);
  const fields = step.action === 'routes' ? ['routes'] : (step.fields ?? []);
  const body: Record<string, unknown> = {};
  const gatewayFields = ['external_network', 'external_fixed_ips', 'enable_snat'];
  for (const f of fields) if (!gatewayFields.includes(f) && f !== 'tags') body[f] = spec[f];
  if (fields.some((f) => gatewayFields.includes(f))) {
    const chosen = chosenGateway(spec, ctx);
    if (chosen) await setChosenGateway(ctx, id, chosen);
    else body.external_gateway_info = gateway(spec, ctx);
  }
  if (Object.keys(body).length > 0) await ctx.destination.request({ service: 'network', method: 'PUT', path: `/routers/${id}`, body: { router: body } });
  if (fields.includes('tags')) await ensureTags(ctx, 'routers', id, [], [...((spec.tags as string[]) ?? []), MARKER_TAG], true);
  return { type: 'ResourceUpdated', id };
}

async function routerPorts(ctx: StepContext, routerId: string): Promise<Port[]> {
  const res = await ctx.destination.request<{ ports: Port[] }>({ service: 'network', method: 'GET', path: '/ports', query: { device_id: routerId } });
  return res.body.ports.filter((p) => p.device_owner?.startsWith('network:router_interface'));
}

export async function deleteRouter(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const id = step.targetId as string;
  try {
    await ctx.destination.request({ service: 'network', method: 'PUT', path: `/routers/${id}`, body: { router: { routes: [] } } });
  } catch (err) {
    if (httpStatus(err) === 404) return { type: 'ResourceDeleted', id }; // gone already
    throw err;
  }
  for (const port of await routerPorts(ctx, id)) {
    await deleteIgnoringAbsent(() => ctx.destination.request({ service: 'network', method: 'PUT', path: `/routers/${id}/remove_router_interface`, body: { port_id: port.id } }));
  }
  // Deleting a router removes its gateway port too.
  await deleteIgnoringAbsent(() => ctx.destination.request({ service: 'network', method: 'DELETE', path: `/routers/${id}` }));
  return { type: 'ResourceDeleted', id };
}

export async function createRouterInterface(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const spec = step.spec as Spec;
  const routerId = ctx.ids.get('router', String(spec.router));
  const subnetId = ctx.ids.get('subnet', String(spec.subnet));
  const ip = typeof spec.ip_address === 'string' ? spec.ip_address : undefined;
  // Only a retry looks for what an earlier attempt attached (see StepContext.attempt).
  const attached = ctx.attempt === 1 ? undefined : (await routerPorts(ctx, routerId)).find((p) => p.fixed_ips?.some((f) => f.subnet_id === subnetId));
  if (attached) return { type: 'ResourceCreated', id: attached.id, found: true };
  // On the subnet's gateway IP (the usual case) Neutron attaches by subnet and keeps that IP. A
  // subnet this plan creates with a gateway says which; another one is asked.
  const planned = ctx.plannedSteps?.find((s) => s.kind === 'subnet' && s.action === 'create' && s.key === spec.subnet)?.spec?.gateway_ip;
  const subnet = typeof planned === 'string' ? { gateway_ip: planned }
    : (await ctx.destination.request<{ subnet: { gateway_ip?: string | null } }>({ service: 'network', method: 'GET', path: `/subnets/${subnetId}` })).body.subnet;
  const name = typeof spec.port_name === 'string' ? spec.port_name : undefined;
  if (!ip || ip === subnet.gateway_ip) {
    const res = await ctx.destination.request<{ port_id: string }>({ service: 'network', method: 'PUT', path: `/routers/${routerId}/add_router_interface`, body: { subnet_id: subnetId } });
    // Neutron names the port it makes '': a source port with a name gets it back.
    if (name) await renamePort(ctx, res.body.port_id, name);
    return { type: 'ResourceCreated', id: res.body.port_id };
  }
  // A port left by an attempt that crashed before attaching it is reused, not duplicated.
  const networkId = ctx.ids.get('network', String(spec.network));
  const ports = await ctx.destination.request<{ ports: Port[] }>({ service: 'network', method: 'GET', path: '/ports', query: { network_id: networkId, project_id: ctx.projectId } });
  let port = ports.body.ports.find((p) => !p.device_id && p.fixed_ips?.some((f) => f.subnet_id === subnetId && f.ip_address === ip));
  if (!port) {
    const body = { network_id: networkId, name: name ?? '', fixed_ips: [{ subnet_id: subnetId, ip_address: ip }] };
    port = (await createTagged(ctx, 'ports', 'port', body, [])) as Port;
  }
  await ctx.destination.request({ service: 'network', method: 'PUT', path: `/routers/${routerId}/add_router_interface`, body: { port_id: port.id } });
  return { type: 'ResourceCreated', id: port.id };
}

function renamePort(ctx: StepContext, portId: string, name: string): Promise<unknown> {
  return ctx.destination.request({ service: 'network', method: 'PUT', path: `/ports/${portId}`, body: { port: { name } } });
}

/** The only in-place change of an interface: its port's name (anything else is a new interface). */
export async function renameRouterInterface(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const portId = step.targetId as string;
  await renamePort(ctx, portId, String(step.spec?.port_name ?? ''));
  return { type: 'ResourceUpdated', id: portId };
}

export async function deleteRouterInterface(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const portId = step.targetId as string;
  const routerId = ctx.ids.get('router', String(step.spec?.router));
  await deleteIgnoringAbsent(() => ctx.destination.request({ service: 'network', method: 'PUT', path: `/routers/${routerId}/remove_router_interface`, body: { port_id: portId } }));
  return { type: 'ResourceDeleted', id: portId };
}

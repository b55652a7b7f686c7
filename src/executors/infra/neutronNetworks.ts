/**
 * Step executors for networks and subnets. Creates look the resource up by name and marker
 * first, so a create repeated after a crash adopts what the first attempt made.
 */
import { MARKER_TAG } from '../../resources/common.js';
import type { Spec } from '../../resources/types.js';
import type { Step } from '../../plan/model.js';
import { deleteIgnoringAbsent, type StepContext, type StepOutcome } from './context.js';
import { createTagged, ensureTags, findMarked } from './neutronCommon.js';

export function networkBody(spec: Spec): Record<string, unknown> {
  const { name, description, admin_state_up, port_security_enabled, mtu, dns_domain } = spec;
  return { name, description, admin_state_up, port_security_enabled, mtu, dns_domain };
}

export function subnetBody(spec: Spec, ctx: StepContext): Record<string, unknown> {
  const { name, cidr, ip_version, description, gateway_ip, allocation_pools, dns_nameservers, host_routes, enable_dhcp, ipv6_address_mode, ipv6_ra_mode } = spec;
  return {
    name, cidr, ip_version, description, gateway_ip, allocation_pools, dns_nameservers, host_routes, enable_dhcp, ipv6_address_mode, ipv6_ra_mode,
    network_id: ctx.ids.get('network', String(spec.network)),
  };
}

const collections = { network: 'networks', subnet: 'subnets' } as const;

export async function createNetworkOrSubnet(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const kind = step.kind as 'network' | 'subnet';
  const collection = collections[kind];
  const spec = step.spec as Spec;
  const existing = await findMarked(ctx, collection, String(spec.name));
  if (existing) return { type: 'ResourceCreated', id: existing, found: true };
  const body = kind === 'network' ? networkBody(spec) : subnetBody(spec, ctx);
  const created = await createTagged(ctx, collection, kind, body, spec.tags);
  return { type: 'ResourceCreated', id: created.id, ...(created.requestId ? { requestId: created.requestId } : {}) };
}

export async function updateNetworkOrSubnet(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const kind = step.kind as 'network' | 'subnet';
  const collection = collections[kind];
  const spec = step.spec as Spec;
  const id = step.targetId as string;
  const fields = (step.fields ?? []).filter((f) => f !== 'tags');
  if (fields.length > 0) {
    const body: Record<string, unknown> = {};
    for (const f of fields) body[f] = spec[f];
    await ctx.destination.request({ service: 'network', method: 'PUT', path: `/${collection}/${id}`, body: { [kind]: body } });
  }
  if (step.fields?.includes('tags')) await ensureTags(ctx, collection, id, [], [...((spec.tags as string[]) ?? []), MARKER_TAG], true);
  return { type: 'ResourceUpdated', id };
}

export async function deleteNetworkOrSubnet(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const collection = collections[step.kind as 'network' | 'subnet'];
  const id = step.targetId as string;
  await deleteIgnoringAbsent(() => ctx.destination.request({ service: 'network', method: 'DELETE', path: `/${collection}/${id}` }));
  return { type: 'ResourceDeleted', id };
}

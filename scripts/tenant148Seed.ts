/**
 * Seeds issue 15's tenant (scripts/tenant148.ts) into a project with stackshift's own client, and
 * removes it again. Idempotent: whatever already exists by name (or, for interfaces and rules, by
 * what it connects or matches) is left as it is, so a second run changes nothing except the
 * gateway, which it sets again only when it differs. The admin client chooses the router
 * gateway's address and SNAT (Neutron lets only an admin) and raises the project's quotas.
 * Used by scripts/seed-tenant-148.ts and test/conformance/fieldByField-live.alone.test.ts.
 */
import { Buffer } from 'node:buffer';
import type { OpenStackClient } from '../src/executors/openstack/client.js';
import * as shape from './tenant148.js';

type Raw = Record<string, any>;

async function get(c: OpenStackClient, service: 'network' | 'image' | 'compute', path: string, query?: Record<string, string>): Promise<Raw> {
  return (await c.request<Raw>({ service, method: 'GET', path, ...(query ? { query } : {}), ...(service === 'compute' ? { microversion: '2.2' } : {}) })).body;
}
async function send(c: OpenStackClient, service: 'network' | 'image' | 'compute', method: string, path: string, body?: unknown, extra: Raw = {}): Promise<Raw> {
  return (await c.request<Raw>({ service, method, path, ...(body !== undefined ? { body } : {}), ...extra })).body;
}

/**
 * The ID of our project's one Neutron resource of that name, made with `create` when there is
 * none. Tags are set by a second call: Zed's Neutron refuses `tags` in a POST.
 */
async function ensureNeutron(c: OpenStackClient, projectId: string, collection: string, kind: string, name: string, create: () => Raw): Promise<{ id: string; made: boolean }> {
  const found = (await get(c, 'network', `/${collection}`, { name, project_id: projectId }))[collection.replace(/-/g, '_')] as Raw[];
  if (found.length > 0) return { id: found[0]!.id, made: false };
  const { tags, ...body } = create();
  const id = (await send(c, 'network', 'POST', `/${collection}`, { [kind]: body }))[kind].id as string;
  if (tags) await send(c, 'network', 'PUT', `/${collection}/${id}/tags`, { tags });
  return { id, made: true };
}

/** Neutron's default quotas (10 groups, 100 rules) are below the tenant's 15 groups and 90 rules. */
export const QUOTAS = { security_group: 40, security_group_rule: 400, router: 20, port: 200 };

/** Raises what is below QUOTAS; returns the values it replaced, for restoreQuotas. */
export async function raiseQuotas(admin: OpenStackClient, projectId: string): Promise<Record<string, number>> {
  const now = (await get(admin, 'network', `/quotas/${projectId}`)).quota as Record<string, number>;
  const low = Object.fromEntries(Object.entries(QUOTAS).filter(([k, v]) => now[k] !== -1 && (now[k] ?? 0) < v));
  if (Object.keys(low).length > 0) await send(admin, 'network', 'PUT', `/quotas/${projectId}`, { quota: low });
  return Object.fromEntries(Object.keys(low).map((k) => [k, now[k]!]));
}

/** Puts back what raiseQuotas replaced (a test leaves a shared cloud's quotas as it found them). */
export async function restoreQuotas(admin: OpenStackClient, projectId: string, previous: Record<string, number>): Promise<void> {
  if (Object.keys(previous).length > 0) await send(admin, 'network', 'PUT', `/quotas/${projectId}`, { quota: previous });
}

/** Seeds the tenant; returns the quotas it raised (restoreQuotas puts them back). */
export async function seedTenant148(member: OpenStackClient, admin: OpenStackClient, log: (line: string) => void): Promise<Record<string, number>> {
  const projectId = await member.projectId();
  const raised = await raiseQuotas(admin, projectId);
  const made: Record<string, number> = {};
  const count = (kind: string, was: boolean) => { if (was) made[kind] = (made[kind] ?? 0) + 1; };
  const ids = new Map<string, string>();

  for (const { name, ...rest } of shape.networks) {
    const r = await ensureNeutron(member, projectId, 'networks', 'network', name, () => ({ name, ...rest }));
    ids.set(name, r.id); count('network', r.made);
  }
  for (const { name, network, ...rest } of shape.subnets) {
    const r = await ensureNeutron(member, projectId, 'subnets', 'subnet', name, () => ({ name, network_id: ids.get(network), ...rest }));
    ids.set(name, r.id); count('subnet', r.made);
  }

  const publicNet = ((await get(member, 'network', '/networks', { 'router:external': 'true' })).networks as Raw[]).find((x) => x.name === 'public');
  if (!publicNet) throw new Error('no external network named "public" (the harness\'s up.sh makes it)');
  for (const { name, description, gateway } of shape.routers) {
    const r = await ensureNeutron(member, projectId, 'routers', 'router', name, () => ({ name, description }));
    ids.set(name, r.id); count('router', r.made);
    if (gateway) {
      const gatewayInfo = { network_id: publicNet.id, enable_snat: false, external_fixed_ips: [{ ip_address: shape.GATEWAY_IP }] };
      const now = (await get(member, 'network', `/routers/${r.id}`)).router.external_gateway_info as Raw | null;
      if (!now || now.enable_snat !== false || !(now.external_fixed_ips as Raw[]).some((f) => f.ip_address === shape.GATEWAY_IP)) {
        await send(admin, 'network', 'PUT', `/routers/${r.id}`, { router: { external_gateway_info: gatewayInfo } });
      }
    }
  }

  const routerPorts = ((await get(member, 'network', '/ports', { project_id: projectId })).ports as Raw[])
    .filter((p) => String(p.device_owner).startsWith('network:router_interface'));
  for (const itf of shape.interfaces) {
    const routerId = ids.get(itf.router)!;
    const subnetId = ids.get(itf.subnet)!;
    const has = routerPorts.some((p) => p.device_id === routerId && (p.fixed_ips as Raw[]).some((f) => f.subnet_id === subnetId));
    if (has) continue;
    if (itf.port) {
      const net = shape.subnets.find((s) => s.name === itf.subnet)!.network;
      const port = await ensureNeutron(member, projectId, 'ports', 'port', itf.port.name, () => ({
        name: itf.port!.name, network_id: ids.get(net), fixed_ips: [{ subnet_id: subnetId, ip_address: itf.port!.ip }],
      }));
      await send(member, 'network', 'PUT', `/routers/${routerId}/add_router_interface`, { port_id: port.id });
    } else {
      await send(member, 'network', 'PUT', `/routers/${routerId}/add_router_interface`, { subnet_id: subnetId });
    }
    count('router_interface', true);
  }
  // Static routes need a next hop on an attached subnet, so they come after the interfaces.
  for (const { name, routes } of shape.routers) {
    if (routes) await send(member, 'network', 'PUT', `/routers/${ids.get(name)}`, { router: { routes } });
  }

  for (const { name, description, stateful } of shape.groups) {
    const r = await ensureNeutron(member, projectId, 'security-groups', 'security_group', name, () => ({ name, description, ...(stateful ? {} : { stateful: false }) }));
    ids.set(name, r.id); count('security_group', r.made);
  }
  const existingRules = (await get(member, 'network', '/security-group-rules', { project_id: projectId })).security_group_rules as Raw[];
  const ruleKey = (r: Raw) => [r.security_group_id, r.direction, r.ethertype, r.protocol ?? '', r.port_range_min ?? '', r.port_range_max ?? '', r.remote_ip_prefix ?? '', r.remote_group_id ?? ''].join('|');
  const have = new Set(existingRules.map(ruleKey));
  for (const { group, remote_group, ...rest } of shape.rules) {
    const body = { security_group_id: ids.get(group), ...rest, ...(remote_group ? { remote_group_id: ids.get(remote_group) } : {}) };
    if (have.has(ruleKey(body))) continue;
    await send(member, 'network', 'POST', '/security-group-rules', { security_group_rule: body });
    count('security_group_rule', true);
  }

  const ownImages = (await get(member, 'image', '/images', { owner: projectId })).images as Raw[];
  for (const image of shape.images) {
    if (ownImages.some((i) => i.name === image.name && i.status === 'active')) continue;
    const id = (await send(member, 'image', 'POST', '/images', image, { expect: [201] })).id as string;
    await send(member, 'image', 'PUT', `/images/${id}/file`, Buffer.alloc(64 * 1024, image.min_disk), { headers: { 'content-type': 'application/octet-stream' }, expect: [204] });
    count('image', true);
  }

  const ownKeys = ((await get(member, 'compute', '/os-keypairs')).keypairs as Raw[]).map((k) => k.keypair.name as string);
  for (const { name, newline } of shape.keypairs) {
    if (ownKeys.includes(name)) continue;
    const key = shape.sshPublicKey(`${name}@stackshift`) + (newline ? '\n' : '');
    await send(member, 'compute', 'POST', '/os-keypairs', { keypair: { name, public_key: key, type: 'ssh' } }, { microversion: '2.2' });
    count('keypair', true);
  }
  const summary = Object.entries(made).map(([k, v]) => `${v} ${k}`).join(', ');
  log(`seeded ${shape.RESOURCE_COUNT} resources${summary ? ` (made now: ${summary})` : ' (all were there)'}`);
  return raised;
}


/** Deletes every `cmp-` resource of the tenant from the project (interfaces first, then what they join). */
export async function removeTenant148(member: OpenStackClient): Promise<void> {
  const projectId = await member.projectId();
  const ours = (x: Raw) => String(x.name ?? '').startsWith(shape.PREFIX);
  const list = async (collection: string, key: string) => ((await get(member, 'network', `/${collection}`, { project_id: projectId }))[key] as Raw[]).filter(ours);
  const quietly = (p: Promise<unknown>) => p.catch(() => undefined);
  for (const r of await list('routers', 'routers')) {
    await quietly(send(member, 'network', 'PUT', `/routers/${r.id}`, { router: { routes: [] } }));
    const ports = (await get(member, 'network', '/ports', { device_id: r.id })).ports as Raw[];
    for (const p of ports.filter((x) => String(x.device_owner).startsWith('network:router_interface'))) {
      await quietly(send(member, 'network', 'PUT', `/routers/${r.id}/remove_router_interface`, { port_id: p.id }));
    }
    await quietly(send(member, 'network', 'DELETE', `/routers/${r.id}`));
  }
  for (const p of await list('ports', 'ports')) await quietly(send(member, 'network', 'DELETE', `/ports/${p.id}`));
  for (const n of await list('networks', 'networks')) await quietly(send(member, 'network', 'DELETE', `/networks/${n.id}`));
  for (const g of await list('security-groups', 'security_groups')) await quietly(send(member, 'network', 'DELETE', `/security-groups/${g.id}`));
  for (const i of ((await get(member, 'image', '/images', { owner: projectId })).images as Raw[]).filter(ours)) await quietly(send(member, 'image', 'DELETE', `/images/${i.id}`));
  for (const k of ((await get(member, 'compute', '/os-keypairs')).keypairs as Raw[]).map((x) => x.keypair).filter(ours)) {
    await quietly(send(member, 'compute', 'DELETE', `/os-keypairs/${encodeURIComponent(String(k.name))}`));
  }
}

/**
 * The field-by-field comparison of a source and a destination tenant (not a test file itself):
 * seeds the source with every infrastructure kind, and compares every field the APIs return,
 * IDs by the name of what they point at. NOT_KEPT is the one list of fields stackshift
 * deliberately does not keep, each with the reason. Used against the simulator
 * (fieldByField.int.test.ts) and the real cloud (test/conformance/fieldByField-live.alone.test.ts).
 */
import type { OpenStackClient } from '../../src/executors/openstack/client.js';
import type { ServiceType } from '../../src/executors/openstack/types.js';
import type { ResourceKind } from '../../src/desired/model.js';
import { FLAVOR_MARKER, IMAGE_MARKER_PROPERTY, MARKER_TAG } from '../../src/resources/common.js';

export const INFRA_KINDS: ResourceKind[] = ['network', 'subnet', 'router', 'router_interface', 'security_group', 'security_group_rule', 'image', 'flavor', 'keypair'];

/** What the comparison seeds and exports: names starting `cmp-` or `cmp.`. */
export const NAME_FILTER = /^cmp[-.]/;

const NEW_ID = 'the destination gives every resource its own ID; references are compared by name';
const TIMESTAMPS = 'the destination records when it made the resource';
const REVISION = 'Neutron counts its own edits of each resource';
const PROJECT = 'the resource belongs to the destination project';
const STATUS_ONLY = 'runtime state the cloud computes, not configuration';

/** Per kind (the API's object), the fields not kept and why. Everything else must be equal. */
export const NOT_KEPT: Record<string, Record<string, string>> = {
  common: {
    id: NEW_ID, created_at: TIMESTAMPS, updated_at: TIMESTAMPS, revision_number: REVISION, project_id: PROJECT, tenant_id: PROJECT,
  },
  network: { status: STATUS_ONLY, availability_zones: 'where Neutron scheduled its DHCP agents' },
  subnet: {},
  router: {
    status: STATUS_ONLY,
    availability_zones: 'where Neutron scheduled the router',
    'external_gateway_info.external_fixed_ips':
      'kept only where the destination\'s external subnet has the address free and its admin is configured (src/resources/routerGateway.ts); otherwise the plan says so and Neutron picks one. The compared clouds\' external subnets differ',
  },
  port: {
    mac_address: 'Neutron generates a new MAC for every port',
    status: STATUS_ONLY,
    'binding:host_id': 'where Neutron bound the port',
    'binding:vif_type': 'set by the binding', 'binding:vif_details': 'set by the binding', 'binding:profile': 'set by the binding', 'binding:vnic_type': 'set by the binding',
    security_groups: 'a router interface port has none in either cloud, or the project\'s own default group (a different group of the same name)',
  },
  security_group: { security_group_rules: 'compared one by one as security_group_rule' },
  security_group_rule: {},
  image: {
    owner: PROJECT,
    file: NEW_ID, self: NEW_ID, schema: 'the API\'s own path',
    direct_url: 'the destination store\'s location', locations: 'the destination store\'s location',
    status: STATUS_ONLY,
  },
  flavor: {
    links: 'URLs of the destination',
    id: 'Nova picks a new flavor ID; servers and the plan refer to flavors by name',
  },
  keypair: { user_id: 'the destination user who owns it' },
};

/** Lists whose order means nothing to Neutron (DNS servers keep theirs: their order is kept and compared). */
export const ORDER_FREE = ['allocation_pools', 'host_routes', 'routes', 'tags', 'subnets', 'fixed_ips', 'availability_zone_hints'];

type Raw = Record<string, unknown>;

function sortOrderFree(o: Raw): Raw {
  for (const field of ORDER_FREE) {
    const list = o[field];
    if (Array.isArray(list)) o[field] = [...list].sort((a, b) => JSON.stringify(sortKeys(a)).localeCompare(JSON.stringify(sortKeys(b))));
  }
  return o;
}

async function get<T>(client: OpenStackClient, service: ServiceType, path: string, query?: Record<string, string>, microversion?: string): Promise<T> {
  return (await client.request<T>({ service, method: 'GET', path, ...(query ? { query } : {}), ...(microversion ? { microversion } : {}) })).body;
}

async function send<T>(client: OpenStackClient, service: ServiceType, method: string, path: string, body?: unknown, extra: Raw = {}): Promise<T> {
  return (await client.request<T>({ service, method, path, ...(body !== undefined ? { body } : {}), ...extra })).body;
}

export interface Tenant {
  member: OpenStackClient;
  admin: OpenStackClient;
}

/**
 * The source tenant: three networks (one IPv6 DHCPv6-stateful), subnets with pools, host routes
 * and DNS, a router with static routes, a gateway without SNAT on a chosen address, interfaces by
 * subnet and through a named port with a fixed IP, a stateless group and rules with remote
 * groups, IPv6 and 0.0.0.0/0 and ::/0 prefixes, an image with tags and properties, a flavor with
 * extra specs and a keypair whose key ends in a newline.
 */
export async function seedComparisonTenant({ member, admin }: Tenant, gatewayIp = '172.24.4.111'): Promise<void> {
  const net = <T>(method: string, path: string, body?: unknown) => send<T>(member, 'network', method, path, body);
  const publicId = (await get<{ networks: { id: string }[] }>(member, 'network', '/networks', { name: 'public' })).networks[0]!.id;
  const network = async (name: string, extra: Raw = {}) => (await net<{ network: { id: string } }>('POST', '/networks', { network: { name, ...extra } })).network.id;
  const subnet = async (body: Raw) => (await net<{ subnet: { id: string } }>('POST', '/subnets', { subnet: body })).subnet.id;
  const netA = await network('cmp-net-a', { description: 'app tier', mtu: 1400, tags: ['cmp', 'tier-a'] });
  const netB = await network('cmp-net-b', { description: 'db tier', port_security_enabled: false });
  const netV6 = await network('cmp-net-v6');
  const subA = await subnet({
    name: 'cmp-subnet-a', network_id: netA, cidr: '10.91.0.0/24', ip_version: 4, gateway_ip: '10.91.0.1', description: 'pools, routes, dns',
    allocation_pools: [{ start: '10.91.0.50', end: '10.91.0.99' }, { start: '10.91.0.150', end: '10.91.0.199' }],
    dns_nameservers: ['10.91.0.2', '10.91.0.3'], host_routes: [{ destination: '192.0.2.0/24', nexthop: '10.91.0.254' }], tags: ['cmp'],
  });
  const subB = await subnet({ name: 'cmp-subnet-b', network_id: netB, cidr: '10.92.0.0/24', ip_version: 4, enable_dhcp: false });
  const subV6 = await subnet({ name: 'cmp-subnet-v6', network_id: netV6, cidr: 'fd00:91::/64', ip_version: 6, ipv6_ra_mode: 'dhcpv6-stateful', ipv6_address_mode: 'dhcpv6-stateful' });

  const router = (await net<{ router: { id: string } }>('POST', '/routers', { router: { name: 'cmp-router', description: 'edge', external_gateway_info: { network_id: publicId } } })).router.id;
  // Only an admin may choose the gateway's address and SNAT (Neutron's policy).
  await send(admin, 'network', 'PUT', `/routers/${router}`, { router: { external_gateway_info: { network_id: publicId, enable_snat: false, external_fixed_ips: [{ ip_address: gatewayIp }] } } });
  await net('PUT', `/routers/${router}/add_router_interface`, { subnet_id: subA });
  await net('PUT', `/routers/${router}/add_router_interface`, { subnet_id: subV6 });
  const port = (await net<{ port: { id: string } }>('POST', '/ports', { port: { name: 'cmp-rtrport-07', network_id: netB, fixed_ips: [{ subnet_id: subB, ip_address: '10.92.0.7' }] } })).port.id;
  await net('PUT', `/routers/${router}/add_router_interface`, { port_id: port });
  await net('PUT', `/routers/${router}`, { router: { routes: [{ destination: '198.51.100.0/24', nexthop: '10.91.0.254' }] } });

  const group = async (name: string, extra: Raw = {}) => (await net<{ security_group: { id: string } }>('POST', '/security-groups', { security_group: { name, ...extra } })).security_group.id;
  const web = await group('cmp-web', { description: 'web servers' });
  const stateless = await group('cmp-stateless', { description: 'no conntrack', stateful: false });
  const rule = (body: Raw) => net('POST', '/security-group-rules', { security_group_rule: body });
  await rule({ security_group_id: web, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0', description: 'ssh from anywhere' });
  await rule({ security_group_id: web, direction: 'ingress', ethertype: 'IPv6', protocol: 'tcp', port_range_min: 443, port_range_max: 443, remote_ip_prefix: '::/0' });
  await rule({ security_group_id: web, direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp', remote_group_id: stateless });
  await rule({ security_group_id: web, direction: 'ingress', ethertype: 'IPv4', protocol: 'udp', port_range_min: 53, port_range_max: 53, remote_ip_prefix: '10.0.0.0/8' });
  await rule({ security_group_id: stateless, direction: 'ingress', ethertype: 'IPv6', protocol: 'udp', port_range_min: 5000, port_range_max: 5100, remote_group_id: web });

  const image = (await send<{ id: string }>(member, 'image', 'POST', '/images', {
    name: 'cmp-image', disk_format: 'raw', container_format: 'bare', min_disk: 1, min_ram: 64, tags: ['cmp', 'golden'], os_distro: 'cirros', hw_disk_bus: 'virtio',
  }, { expect: [201] })).id;
  const data = Buffer.alloc(64 * 1024, 7);
  await send(member, 'image', 'PUT', `/images/${image}/file`, data, { headers: { 'content-type': 'application/octet-stream' }, expect: [204] });

  const flavor = { name: 'cmp.flavor', vcpus: 1, ram: 512, disk: 1, 'OS-FLV-EXT-DATA:ephemeral': 0, swap: 0, 'os-flavor-access:is_public': true, description: 'small' };
  const flavorId = (await send<{ flavor: { id: string } }>(admin, 'compute', 'POST', '/flavors', { flavor }, { microversion: '2.55' })).flavor.id;
  await send(admin, 'compute', 'POST', `/flavors/${flavorId}/os-extra_specs`, { extra_specs: { 'hw:cpu_policy': 'shared', 'quota:cpu_shares': '512' } });

  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBJO4DPYM84ZgzpAvYeRKav6vWSndzWVgdE0mhk5edVM cmp@stackshift\n';
  await send(member, 'compute', 'POST', '/os-keypairs', { keypair: { name: 'cmp-key', public_key: key, type: 'ssh' } }, { microversion: '2.2' });
}

/** One cloud's resources of the comparison, by kind and a key that names them in both clouds. */
interface Side {
  objects: Map<string, Raw>;
  names: Map<string, string>;
}

async function read(t: Tenant): Promise<Side> {
  const names = new Map<string, string>();
  const objects = new Map<string, Raw>();
  const ours = (o: Raw) => NAME_FILTER.test(String(o.name ?? ''));
  const neutron = async (path: string, key: string) => (await get<Record<string, Raw[]>>(t.member, 'network', path))[key] ?? [];
  const allNetworks = await neutron('/networks', 'networks');
  // The external network is the admin's in both clouds: compared by name too.
  for (const n of allNetworks) names.set(String(n.id), `network:${String(n.name)}`);
  const networks = allNetworks.filter(ours);
  const subnets = (await neutron('/subnets', 'subnets')).filter(ours);
  const routers = (await neutron('/routers', 'routers')).filter(ours);
  const groups = (await neutron('/security-groups', 'security_groups')).filter(ours);
  for (const [kind, list] of [['network', networks], ['subnet', subnets], ['router', routers], ['security_group', groups]] as const) {
    for (const o of list) names.set(String(o.id), `${kind}:${String(o.name)}`);
  }
  const routerIds = new Set(routers.map((r) => String(r.id)));
  const ports = (await neutron('/ports', 'ports')).filter((p) => routerIds.has(String(p.device_id)) && String(p.device_owner).startsWith('network:router_interface'));
  const groupIds = new Set(groups.map((g) => String(g.id)));
  const rules = (await neutron('/security-group-rules', 'security_group_rules')).filter((r) => groupIds.has(String(r.security_group_id)));
  const images = (await get<{ images: Raw[] }>(t.member, 'image', '/images')).images.filter(ours);
  const flavors = (await get<{ flavors: Raw[] }>(t.admin, 'compute', '/flavors/detail', { is_public: 'None' }, '2.61')).flavors.filter(ours);
  const keypairs = (await get<{ keypairs: { keypair: Raw }[] }>(t.member, 'compute', '/os-keypairs', undefined, '2.2')).keypairs.map((k) => k.keypair).filter(ours);
  for (const k of keypairs) Object.assign(k, (await get<{ keypair: Raw }>(t.member, 'compute', `/os-keypairs/${String(k.name)}`, undefined, '2.2')).keypair);
  for (const [kind, list] of [['network', networks], ['subnet', subnets], ['router', routers], ['security_group', groups], ['image', images], ['flavor', flavors], ['keypair', keypairs]] as const) {
    for (const o of list) objects.set(`${kind}/${String(o.name)}`, o);
  }
  const nameOf = (id: unknown) => names.get(String(id)) ?? String(id);
  for (const p of ports) objects.set(`port/${nameOf(p.device_id)}/${(p.fixed_ips as { subnet_id: string }[]).map((f) => nameOf(f.subnet_id)).join(',')}`, p);
  for (const r of rules) {
    const remote = r.remote_group_id ? nameOf(r.remote_group_id) : String(r.remote_ip_prefix ?? 'any');
    objects.set(`security_group_rule/${nameOf(r.security_group_id)}/${String(r.direction)}/${String(r.ethertype)}/${String(r.protocol)}/${String(r.port_range_min)}-${String(r.port_range_max)}/${remote}`, r);
  }
  return { objects, names };
}

/** The object as compared: IDs replaced by names, the stackshift marker and NOT_KEPT fields removed. */
function normalise(kind: string, o: Raw, names: Map<string, string>): Raw {
  const skip = { ...NOT_KEPT.common, ...(NOT_KEPT[kind] ?? {}) };
  const byName = (v: unknown): unknown => {
    if (typeof v === 'string') return names.get(v) ?? v;
    if (Array.isArray(v)) return v.map(byName);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, byName(x)]));
    return v;
  };
  const out = byName(structuredClone(o)) as Raw;
  for (const field of Object.keys(skip)) {
    const [head, tail] = field.split('.') as [string, string | undefined];
    if (tail === undefined) delete out[head];
    else if (out[head] && typeof out[head] === 'object') delete (out[head] as Raw)[tail];
  }
  if (Array.isArray(out.tags)) out.tags = (out.tags as string[]).filter((t) => t !== MARKER_TAG);
  sortOrderFree(out);
  if (kind === 'image') delete out[IMAGE_MARKER_PROPERTY];
  if (kind === 'flavor' && typeof out.description === 'string') out.description = unmarkFlavor(out.description);
  return out;
}

/** Exported params without the stackshift marker (it is stackshift's addition, not the source's). */
export function withoutMarkers(params: Raw): Raw {
  const out = structuredClone(params);
  if (Array.isArray(out.tags)) out.tags = (out.tags as string[]).filter((t) => t !== MARKER_TAG);
  if (out.properties && typeof out.properties === 'object') delete (out.properties as Raw)[IMAGE_MARKER_PROPERTY];
  if (typeof out.description === 'string') out.description = unmarkFlavor(out.description);
  return sortOrderFree(out);
}

function unmarkFlavor(description: string): string {
  return description === FLAVOR_MARKER ? '' : description.endsWith(` ${FLAVOR_MARKER}`) ? description.slice(0, -FLAVOR_MARKER.length - 1) : description;
}

const same = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Raw)[k])]));
  return v;
}

export interface Comparison {
  /** `<kind>/<key>` of every resource compared. */
  compared: string[];
  /** Every difference NOT_KEPT does not explain, one line each. */
  differences: string[];
}

export async function compareClouds(source: Tenant, destination: Tenant): Promise<Comparison> {
  const [a, b] = await Promise.all([read(source), read(destination)]);
  const out: string[] = [];
  for (const key of new Set([...a.objects.keys(), ...b.objects.keys()])) {
    const kind = key.slice(0, key.indexOf('/'));
    const x = a.objects.get(key);
    const y = b.objects.get(key);
    if (!x || !y) {
      out.push(`${key}: only in the ${x ? 'source' : 'destination'}`);
      continue;
    }
    const [nx, ny] = [normalise(kind, x, a.names), normalise(kind, y, b.names)];
    for (const field of new Set([...Object.keys(nx), ...Object.keys(ny)])) {
      if (!same(nx[field], ny[field])) out.push(`${key}: ${field}: source ${JSON.stringify(nx[field])}, destination ${JSON.stringify(ny[field])}`);
    }
  }
  return { compared: [...a.objects.keys()].sort(), differences: out.sort() };
}

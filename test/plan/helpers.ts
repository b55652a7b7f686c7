/**
 * Hand-written desired states and the raw API objects a destination holding them would return,
 * for planner tests and the planner benchmark. Not a test file itself.
 */
import { RESOURCE_TYPES, type DesiredResource, type DesiredState, type ResourceKind, type ResourcesByKind, type StackshiftConfig } from '../../src/desired/model.js';
import { FLAVOR_MARKER, IMAGE_MARKER_PROPERTY, MARKER_TAG } from '../../src/resources/common.js';
import type { DesiredItem } from '../../src/resources/types.js';
import { emptyRawDestination, type RawDestination } from '../../src/plan/observedState.js';

const auth = { project_name: '%auth%', domain_name: '%auth%' };
export const ref = (name: string) => ({ name, ...auth });

let line = 1;
export function snap<K extends ResourceKind>(kind: K, params: Record<string, unknown>, info: Record<string, unknown> = {}): DesiredResource<K> {
  return { kind, type: RESOURCE_TYPES[kind], params: params as never, info: { id: `src-${kind}-${line}`, ...info }, file: `snapshots/${kind}.yml`, line: line++ } as DesiredResource<K>;
}

export function config(overrides: { prune?: boolean; networks?: Record<string, string>; flavors?: Record<string, string>; confirmations?: { action: 'delete-destination-resource'; target: string }[] } = {}): StackshiftConfig {
  return {
    version: 1,
    source: { cloud: 'src' },
    destination: { cloud: 'dst' },
    conversionHosts: [],
    mappings: { networks: overrides.networks ?? {}, flavors: overrides.flavors ?? {}, volumeTypes: {}, availabilityZones: {} },
    transfer: { parallelTransfersPerPair: 1 },
    windows: [],
    policy: { prune: overrides.prune ?? false, confirmations: overrides.confirmations ?? [] },
  };
}

export function state(resources: DesiredResource[], cfg: StackshiftConfig = config()): Pick<DesiredState, 'config' | 'resources'> {
  const byKind = { network: [], subnet: [], router: [], router_interface: [], security_group: [], security_group_rule: [], image: [], flavor: [], keypair: [], volume: [], server: [] } as unknown as ResourcesByKind;
  for (const r of resources) (byKind[r.kind] as DesiredResource[]).push(r);
  return { config: cfg, resources: byKind };
}

export const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOmJ0example alice@laptop';

/** A small tenant: one network, subnet, router with gateway, interface and route, a group with rules, flavor, keypair, image. */
export function exampleResources(): DesiredResource[] {
  return [
    snap('network', { name: 'app-net', description: 'app', mtu: 1450, is_admin_state_up: true, is_port_security_enabled: true, tags: [] }),
    snap('subnet', { name: 'app-subnet', cidr: '10.1.0.0/24', ip_version: 4, network_ref: ref('app-net'), gateway_ip: '10.1.0.1', allocation_pools: [{ start: '10.1.0.10', end: '10.1.0.200' }], dns_nameservers: ['10.1.0.2'], is_dhcp_enabled: true }),
    snap('router', { name: 'app-router', is_admin_state_up: true, external_gateway_refinfo: { network_ref: { name: 'public', project_name: 'admin', domain_name: 'Default' } } }, { routes: [{ destination: '192.168.50.0/24', nexthop: '10.1.0.254' }] }),
    snap('router_interface', { device_ref: ref('app-router'), network_ref: ref('app-net'), fixed_ips_refs: [{ ip_address: '10.1.0.1', subnet_ref: ref('app-subnet') }], device_owner: 'network:router_interface' }),
    snap('security_group', { name: 'web', description: 'web servers' }),
    snap('security_group_rule', { security_group_ref: ref('web'), direction: 'ingress', ether_type: 'IPv4', protocol: 'tcp', port_range_min: 443, port_range_max: 443, remote_ip_prefix: '0.0.0.0/0' }),
    snap('security_group_rule', { security_group_ref: ref('web'), direction: 'egress', ether_type: 'IPv4', protocol: null, remote_ip_prefix: null }),
    snap('flavor', { name: 'm1.app', vcpus: 2, ram: 2048, disk: 20, ephemeral: 0, swap: 0, is_public: true, extra_specs: { 'hw:cpu_policy': 'shared' } }),
    snap('keypair', { name: 'alice', public_key: PUBLIC_KEY, type: 'ssh' }),
    snap('image', { name: 'cirros', disk_format: 'qcow2', container_format: 'bare', min_disk: 1, min_ram: 64, visibility: 'private', is_protected: false, os_distro: 'cirros' }, { checksum: 'md5-cirros', size: 1024, os_hash_value: 'sha512-cirros' }),
  ];
}

/** The external network every destination has. */
export function publicNetwork(): Record<string, unknown> {
  return { id: 'net-public', name: 'public', project_id: 'admin-project', 'router:external': true, tags: [], description: '', admin_state_up: true, mtu: 1500 };
}

/**
 * The raw API objects of a destination where stackshift already created `items` (with markers),
 * plus the external network. IDs are `<kind>-<key>`.
 */
export function rawDestinationFor(items: DesiredItem[], projectId = 'dst-project'): RawDestination {
  const raw = emptyRawDestination();
  raw.networks!.push(publicNetwork());
  const id = (kind: string, key: string) => `${kind}-${key}`;
  const tags = (t: unknown) => [...((t as string[]) ?? []), MARKER_TAG];
  for (const { kind, key, spec: s } of items) {
    const common = { id: id(kind, key), project_id: projectId };
    switch (kind) {
      case 'network': raw.networks!.push({ ...common, ...s, tags: tags(s.tags) }); break;
      case 'subnet': raw.subnets!.push({ ...common, ...s, network: undefined, network_id: s.network === 'public' ? 'net-public' : id('network', String(s.network)), tags: tags(s.tags) }); break;
      case 'router': raw.routers!.push({ ...common, ...s, external_network: undefined, external_gateway_info: s.external_network ? { network_id: s.external_network === 'public' ? 'net-public' : id('network', String(s.external_network)) } : null, tags: tags(s.tags) }); break;
      case 'router_interface': raw.ports!.push({ ...common, id: id('port', key), device_owner: 'network:router_interface', device_id: id('router', String(s.router)), network_id: id('network', String(s.network)), fixed_ips: [{ subnet_id: id('subnet', String(s.subnet)), ip_address: s.ip_address }], tags: [MARKER_TAG] }); break;
      case 'security_group': raw.securityGroups!.push({ ...common, ...s, tags: tags(s.tags) }); break;
      case 'security_group_rule': raw.securityGroupRules!.push({ ...common, security_group_id: id('security_group', String(s.security_group)), direction: s.direction, ethertype: s.ethertype, protocol: s.protocol, port_range_min: s.port_range_min, port_range_max: s.port_range_max, remote_ip_prefix: s.remote_ip_prefix, remote_group_id: s.remote_group ? id('security_group', String(s.remote_group)) : null, description: s.description }); break;
      case 'flavor': raw.flavors!.push({ id: id(kind, key), name: s.name, vcpus: s.vcpus, ram: s.ram, disk: s.disk, 'OS-FLV-EXT-DATA:ephemeral': s.ephemeral, swap: s.swap === 0 ? '' : s.swap, 'os-flavor-access:is_public': s.is_public ?? true, description: s.description ? `${s.description} ${FLAVOR_MARKER}` : FLAVOR_MARKER, extra_specs: s.extra_specs }); break;
      case 'keypair': raw.keypairs!.push({ keypair: { name: s.name, public_key: s.public_key, type: s.type } }); break;
      case 'image': {
        const data = s.data as { checksum?: string; os_hash_value?: string; size?: number } | undefined;
        raw.images!.push({ id: id(kind, key), owner: projectId, name: s.name, status: 'active', disk_format: s.disk_format, container_format: s.container_format, min_disk: s.min_disk ?? 0, min_ram: s.min_ram ?? 0, visibility: s.visibility ?? 'shared', protected: s.protected ?? false, ...(s.properties as object), [IMAGE_MARKER_PROPERTY]: 'true', checksum: data?.checksum, os_hash_value: data?.os_hash_value, os_hash_algo: 'sha512', size: data?.size, tags: [] });
        break;
      }
    }
  }
  return raw;
}

/** A small desired-state repository for apply tests, with knobs for the changes tests make. */
const auth = { project_name: '%auth%', domain_name: '%auth%' };
const ref = (name: string) => ({ name, ...auth });
let n = 0;
const info = (extra: Record<string, unknown> = {}) => ({ id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, ...extra });
const envelope = (type: string, items: { params: Record<string, unknown>; _info?: Record<string, unknown> }[]) => ({
  os_migrate_version: '1.0.5',
  resources: items.map((i) => ({ type, params: i.params, _info: i._info ?? info() })),
});

export interface RepoKnobs {
  prune?: boolean;
  flavorRam?: number;
  dns?: string[];
  /** Include the router, its interface and route (a later commit may revert them). */
  router?: boolean;
  extraSpecs?: Record<string, string>;
}

export function repoFiles(k: RepoKnobs = {}): Record<string, unknown> {
  const files: Record<string, unknown> = {
    'stackshift.yaml': {
      version: 1,
      source: { cloud: 'src', adminCloud: 'src-admin' },
      destination: { cloud: 'dst', adminCloud: 'dst-admin' },
      policy: { prune: k.prune ?? false, confirmations: [] },
    },
    'snapshots/networks.yml': envelope('openstack.network.Network', [{ params: { name: 't-net', description: 'test net', is_admin_state_up: true, mtu: 1450, tags: [] } }]),
    'snapshots/subnets.yml': envelope('openstack.subnet.Subnet', [{
      params: { name: 't-subnet', cidr: '10.77.0.0/24', ip_version: 4, gateway_ip: '10.77.0.1', network_ref: ref('t-net'), dns_nameservers: k.dns ?? ['10.77.0.2'], is_dhcp_enabled: true, allocation_pools: [{ start: '10.77.0.10', end: '10.77.0.200' }] },
    }]),
    'snapshots/security_groups.yml': envelope('openstack.network.SecurityGroup', [{ params: { name: 't-sg', description: 'test group' } }]),
    'snapshots/security_group_rules.yml': envelope('openstack.network.SecurityGroupRule', [
      { params: { security_group_ref: ref('t-sg'), direction: 'ingress', ether_type: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '192.0.2.0/24', remote_group_ref: null, description: 'ssh' } },
      { params: { security_group_ref: ref('t-sg'), direction: 'egress', ether_type: 'IPv4', protocol: null, port_range_min: null, port_range_max: null, remote_ip_prefix: null, remote_group_ref: null, description: '' } },
    ]),
    'snapshots/flavors.yml': envelope('openstack.compute.Flavor', [{ params: { name: 't.flavor', vcpus: 2, ram: k.flavorRam ?? 2048, disk: 10, ephemeral: 0, swap: 0, is_public: true, description: 'test flavor', extra_specs: k.extraSpecs ?? { 'hw:cpu_policy': 'shared' } } }]),
    'snapshots/keypairs.yml': envelope('openstack.compute.Keypair', [{ params: { name: 't-key', type: 'ssh', public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBJO4DPYM84ZgzpAvYeRKav6vWSndzWVgdE0mhk5edVM test@stackshift', user_ref: { name: '%auth%', domain_name: '%auth%', project_name: null } }, _info: { id: 't-key' } }]),
  };
  if (k.router ?? true) {
    files['snapshots/routers.yml'] = envelope('openstack.network.Router', [{
      params: { name: 't-router', description: 'edge', is_admin_state_up: true, external_gateway_refinfo: { network_ref: { name: 'public', project_name: 'admin', domain_name: 'Default' } }, tags: [] },
      _info: info({ routes: [{ destination: '198.51.100.0/24', nexthop: '10.77.0.254' }] }),
    }]);
    files['snapshots/router_interfaces.yml'] = envelope('openstack.network.RouterInterface', [{
      params: { device_owner: 'network:router_interface', device_ref: ref('t-router'), network_ref: ref('t-net'), fixed_ips_refs: [{ ip_address: '10.77.0.1', subnet_ref: ref('t-subnet') }] },
    }]);
  }
  return files;
}

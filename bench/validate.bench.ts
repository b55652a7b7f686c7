/**
 * Validating a large desired-state repository: 10,000 snapshot resources (plus a selection of
 * 1,000 workloads) generated in a temp dir, then loaded once as `stackshift validate` does.
 * Targets: ≤ 2 s wall time and ≤ 300 MB peak RSS. Prints the figures.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadDesiredState } from '../src/desired/load.js';
import { validators } from '../src/desired/schemas.js';
import { exampleRepoDir } from '../src/paths.js';
import { dirReader } from '../src/source/dirReader.js';

const COUNTS = {
  networks: 400, subnets: 400, routers: 40, router_interfaces: 400, security_groups: 400,
  security_group_rules: 3_000, images: 200, flavors: 100, keypairs: 100, detached_volumes: 1_960, workloads: 3_000,
};
const TOTAL = Object.values(COUNTS).reduce((a, b) => a + b, 0);

const ref = (name: string) => ({ name, project_name: '%auth%', domain_name: '%auth%' });
const id = (kind: string, i: number) => `${kind.slice(0, 8).padEnd(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
const env = (resources: unknown[]) => ({ os_migrate_version: '1.0.5', resources });

function generate(): Record<string, unknown> {
  const net = (i: number) => `net-${i % COUNTS.networks}`;
  const subnet = (i: number) => `subnet-${i % COUNTS.subnets}`;
  const files: Record<string, unknown> = {};
  files.networks = env(Array.from({ length: COUNTS.networks }, (_, i) => ({ type: 'openstack.network.Network', params: { name: `net-${i}`, mtu: 1450, is_admin_state_up: true, tags: [], description: '' }, _info: { id: id('network', i), status: 'ACTIVE' } })));
  files.subnets = env(Array.from({ length: COUNTS.subnets }, (_, i) => ({ type: 'openstack.subnet.Subnet', params: { name: `subnet-${i}`, cidr: `10.${i >> 8}.${i & 255}.0/24`, ip_version: 4, gateway_ip: `10.${i >> 8}.${i & 255}.1`, is_dhcp_enabled: true, network_ref: ref(net(i)) }, _info: { id: id('subnet', i) } })));
  files.routers = env(Array.from({ length: COUNTS.routers }, (_, i) => ({ type: 'openstack.network.Router', params: { name: `router-${i}`, external_gateway_refinfo: { network_ref: { name: 'public', project_name: 'admin', domain_name: 'Default' } } }, _info: { id: id('router', i) } })));
  files.router_interfaces = env(Array.from({ length: COUNTS.router_interfaces }, (_, i) => ({ type: 'openstack.network.RouterInterface', params: { device_owner: 'network:router_interface', device_ref: ref(`router-${i % COUNTS.routers}`), network_ref: ref(net(i)), fixed_ips_refs: [{ ip_address: `10.${i >> 8}.${i & 255}.1`, subnet_ref: ref(subnet(i)) }] }, _info: { id: id('rif', i) } })));
  files.security_groups = env(Array.from({ length: COUNTS.security_groups }, (_, i) => ({ type: 'openstack.network.SecurityGroup', params: { name: `sg-${i}`, description: 'generated' }, _info: { id: id('sg', i) } })));
  files.security_group_rules = env(Array.from({ length: COUNTS.security_group_rules }, (_, i) => ({ type: 'openstack.network.SecurityGroupRule', params: { security_group_ref: ref(`sg-${i % COUNTS.security_groups}`), direction: 'ingress', ether_type: 'IPv4', protocol: 'tcp', port_range_min: 1000 + Math.floor(i / COUNTS.security_groups), port_range_max: 1000 + Math.floor(i / COUNTS.security_groups), remote_ip_prefix: '0.0.0.0/0', remote_group_ref: null, description: '' }, _info: { id: id('rule', i) } })));
  files.images = env(Array.from({ length: COUNTS.images }, (_, i) => ({ type: 'openstack.image.Image', params: { name: `image-${i}`, disk_format: 'qcow2', container_format: 'bare', min_disk: 1, min_ram: 128, visibility: 'private', properties: { os_distro: 'cirros' } }, _info: { id: id('image', i), checksum: 'd41d8cd98f00b204e9800998ecf8427e', size: 1024 } })));
  files.flavors = env(Array.from({ length: COUNTS.flavors }, (_, i) => ({ type: 'openstack.compute.Flavor', params: { name: `flavor-${i}`, vcpus: 1 + (i % 8), ram: 512 * (1 + (i % 16)), disk: 10, extra_specs: { 'hw:cpu_policy': 'shared' } }, _info: { id: id('flavor', i) } })));
  files.keypairs = env(Array.from({ length: COUNTS.keypairs }, (_, i) => ({ type: 'openstack.compute.Keypair', params: { name: `key-${i}`, public_key: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${String(i).padStart(43, 'A')} key-${i}`, type: 'ssh' }, _info: { id: `key-${i}` } })));
  files.detached_volumes = env(Array.from({ length: COUNTS.detached_volumes }, (_, i) => ({ type: 'openstack.network.ServerVolume', params: { name: `vol-${i}`, availability_zone: 'nova', volume_type: i % 2 ? 'ceph-ssd' : 'ceph-hdd', description: null }, _info: { id: id('volume', i), size: 10, is_bootable: false, attachments: [] } })));
  files.workloads = env(Array.from({ length: COUNTS.workloads }, (_, i) => ({
    type: 'openstack.compute.Server',
    params: {
      name: `server-${i}`, flavor_ref: { name: `flavor-${i % COUNTS.flavors}`, project_name: null, domain_name: null }, image_ref: ref(`image-${i % COUNTS.images}`),
      key_name: `key-${i % COUNTS.keypairs}`, security_group_refs: [ref(`sg-${i % COUNTS.security_groups}`)], availability_zone: 'nova', metadata: {},
      ports: [{ type: 'openstack.network.ServerPort', params: { network_ref: ref(net(i)), fixed_ips_refs: [{ ip_address: `10.${(i % 400) >> 8}.${i % 400 & 255}.${10 + Math.floor(i / 400)}`, subnet_ref: ref(subnet(i)) }], mac_address: null }, _info: { id: id('port', i) } }],
      volumes: [{ type: 'openstack.network.ServerVolume', params: { name: `server-${i}-data`, volume_type: 'ceph-ssd' }, _info: { id: id('svol', i), size: 10 } }],
    },
    _info: { id: id('server', i), status: 'ACTIVE', hypervisor_hostname: `compute-${i % 50}` },
  })));
  return files;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-bench-'));
  try {
    await mkdir(join(dir, 'snapshots'));
    let bytes = 0;
    for (const [name, value] of Object.entries(generate())) {
      const text = stringify(value);
      bytes += text.length;
      await writeFile(join(dir, 'snapshots', `${name}.yml`), text);
    }
    for (const name of ['stackshift.yaml', 'reclaim.yaml']) {
      await writeFile(join(dir, name), await readFile(join(exampleRepoDir(), name)));
    }
    const selection = { version: 1, defaults: { mode: 'cold', window: 'weeknights', conversionHostPair: 'pair-1' }, workloads: Array.from({ length: 1000 }, (_, i) => ({ server: `server-${i * 3}`, wave: 1 + Math.floor(i / 100) })) };
    await writeFile(join(dir, 'workloads.yaml'), stringify(selection));
    const { size: largest } = await stat(join(dir, 'snapshots', 'workloads.yml'));

    globalThis.gc?.();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    validators();
    const compiledMs = performance.now() - started;
    const { state, problems } = await loadDesiredState(await dirReader(dir));
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const loaded = Object.values(state.resources).reduce((n, list) => n + list.length, 0);
    if (problems.length > 0 || loaded !== TOTAL) {
      console.error(`unexpected result: ${loaded}/${TOTAL} resources, ${problems.length} problems, first: ${JSON.stringify(problems[0])}`);
      process.exitCode = 1;
    }
    console.log(`validate: ${TOTAL} resources + ${state.workloads.workloads.length} selected workloads, ${(bytes / 1024 / 1024).toFixed(1)} MiB of YAML (largest file ${(largest / 1024 / 1024).toFixed(1)} MiB)`);
    console.log(`  wall time  ${(wallMs / 1000).toFixed(2)} s   (target <= 2 s)${wallMs > 2000 ? '  OVER TARGET' : ''}; of which schema compile ${(compiledMs / 1000).toFixed(2)} s`);
    console.log(`  CPU time   ${(cpuMs / 1000).toFixed(2)} s   (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores while measuring)`);
    console.log(`  peak RSS   ${peakMb.toFixed(0)} MB   (target <= 300 MB)${peakMb > 300 ? '  OVER TARGET' : ''}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

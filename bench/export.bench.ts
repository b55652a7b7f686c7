/**
 * Export of a simulated project with 5,000 resources: wall time, API requests and peak memory,
 * at concurrency 1 and 8. The simulator runs in a child process so the memory figure is the
 * exporter's own (client + model + YAML), not the simulated cloud's.
 */
import { fork } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenStackClient, type OpenStackClient } from '../src/executors/openstack/client.js';
import { loadCloudConfig } from '../src/executors/openstack/cloudConfig.js';
import { exportSnapshots } from '../src/export/exporter.js';
import { createVolume } from '../src/executors/openstack/cinder.js';
import { createImage } from '../src/executors/openstack/glance.js';
import * as neutron from '../src/executors/openstack/neutron.js';
import { mapLimit } from '../src/export/pool.js';

const COUNTS = { networks: 1000, subnets: 1000, securityGroups: 600, rules: 2000, volumes: 300, images: 100 };

/**
 * Fills the source project through the API (the scenario's quotas apply only after seeding, so
 * seeding 5,000 resources would hit Neutron's default quotas).
 */
async function fillProject(client: OpenStackClient): Promise<void> {
  const nets = await mapLimit(Array.from({ length: COUNTS.networks }, (_, i) => i), 16, (i) => neutron.createNetwork(client, { name: `bench-net-${i}`, description: `network ${i}` }));
  await mapLimit(Array.from({ length: COUNTS.subnets }, (_, i) => i), 16, (i) =>
    neutron.createSubnet(client, { name: `bench-subnet-${i}`, network_id: nets[i % nets.length]!.id, ip_version: 4, cidr: `10.${100 + Math.floor(i / 250)}.${i % 250}.0/24` }));
  const groups = await mapLimit(Array.from({ length: COUNTS.securityGroups }, (_, i) => i), 16, (i) => neutron.createSecurityGroup(client, { name: `bench-sg-${i}`, description: `group ${i}` }));
  await mapLimit(Array.from({ length: COUNTS.rules }, (_, i) => i), 16, (i) =>
    neutron.createSecurityGroupRule(client, { security_group_id: groups[i % groups.length]!.id, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 1000 + i, port_range_max: 1000 + i, remote_ip_prefix: '10.0.0.0/8' }));
  await mapLimit(Array.from({ length: COUNTS.volumes }, (_, i) => i), 16, (i) => createVolume(client, { name: `bench-vol-${i}`, size: 1 + (i % 50) }));
  await mapLimit(Array.from({ length: COUNTS.images }, (_, i) => i), 16, (i) => createImage(client, { name: `bench-image-${i}`, disk_format: 'qcow2', container_format: 'bare', visibility: 'private' }));
}

async function serveSimulator(cloudsFile: string): Promise<void> {
  const { startSimulator } = await import('../src/simulator/index.js');
  const sim = await startSimulator();
  for (const [resource] of Object.entries({ network: 0, subnet: 0, port: 0, security_group: 0, security_group_rule: 0, volumes: 0, gigabytes: 0, images: 0 })) {
    sim.cloud('source').quotas.setDefault(resource, -1);
  }
  await sim.writeCloudsYaml(cloudsFile);
  const cloud = await loadCloudConfig('src', { env: { OS_CLIENT_CONFIG_FILE: cloudsFile }, cwd: '/', systemDir: '/nonexistent' });
  const client = createOpenStackClient(cloud);
  await fillProject(client);
  await client.close();
  process.send?.('ready');
  process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ss-bench-export-'));
  const cloudsFile = join(dir, 'clouds.yaml');
  const child = fork(import.meta.filename, ['--serve', cloudsFile], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const seedStart = performance.now();
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  console.log(`simulator filled through the API in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (child process)`);
  const cloud = await loadCloudConfig('src', { env: { OS_CLIENT_CONFIG_FILE: cloudsFile, HOME: dir }, cwd: dir, systemDir: dir });
  for (const concurrency of [1, 8]) {
    const out = join(dir, `out-${concurrency}`);
    const client = createOpenStackClient(cloud);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
    const start = performance.now();
    const summary = await exportSnapshots(client, { out, concurrency });
    const ms = performance.now() - start;
    clearInterval(sampler);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const resources = summary.files.reduce((n, f) => n + f.resources, 0);
    const bytes = (await Promise.all(summary.files.map((f) => readFile(join(summary.dir, f.file))))).reduce((n, b) => n + b.length, 0);
    console.log(
      `concurrency ${concurrency}: ${resources} resources in ${(ms / 1000).toFixed(2)} s, ${summary.requests} requests, ` +
        `peak heap +${((peakHeap - heapBefore) / 2 ** 20).toFixed(1)} MiB, ${(bytes / 2 ** 20).toFixed(1)} MiB of YAML`,
    );
    const again = performance.now();
    const second = await exportSnapshots(client, { out, concurrency });
    console.log(`  re-export: ${((performance.now() - again) / 1000).toFixed(2)} s, files written: ${second.files.filter((f) => f.written).length}`);
    await client.close();
  }
  console.log(`peak RSS of the exporting process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  child.disconnect();
  await rm(dir, { recursive: true, force: true });
}

if (process.argv[2] === '--serve') await serveSimulator(process.argv[3]!);
else await main();

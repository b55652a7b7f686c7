/**
 * Draining compute nodes at scale: 100 nodes holding 2,000 servers (20 each, live-migrated 5 at a
 * time per node) onto 60 hosts that stay, through `stackshift apply` against the simulator with
 * every node at stage quiesced. Prints the total time, the time per node and per server, and the
 * OpenStack API calls it took (and per server moved).
 * Run: npm run bench -- reclaim
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as apply } from '../src/commands/apply.js';
import { startSimulator } from '../src/simulator/index.js';
import { defaultScenario, EXAMPLE_REPO } from '../src/simulator/scenarioDefault.js';
import { computeServices, servers } from '../src/simulator/nova/store.js';

const NODES = 100;
const STAYING = 60;
const PER_NODE = 20;

const scenario = await defaultScenario();
scenario.source.hosts = Array.from({ length: NODES + STAYING }, (_, i) => ({ name: `cmp-${i}`, vcpus: 96, memory_mb: 262144, disk_gb: 4000 }));
scenario.source.resources = [
  ...(scenario.source.resources ?? []).filter((r) => r.type !== 'openstack.compute.Server'),
  ...Array.from({ length: NODES * PER_NODE }, (_, n) => ({ type: 'openstack.compute.Server', params: { name: `vm-${n}`, flavor_ref: { name: 'm1.small' } }, _info: { hypervisor_hostname: `cmp-${n % NODES}`, status: 'ACTIVE' } })),
];
scenario.source.conversionHosts = [];
scenario.source.baremetal = [];
const sim = await startSimulator({ scenario });
const dir = await mkdtemp(join(tmpdir(), 'ss-reclaim-bench-'));
try {
  await sim.writeCloudsYaml(join(dir, 'clouds.yaml'));
  process.env.OS_CLIENT_CONFIG_FILE = join(dir, 'clouds.yaml');
  const repo = join(dir, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  await writeFile(join(repo, 'stackshift.yaml'), (await readFile(join(EXAMPLE_REPO, 'stackshift.yaml'), 'utf8')).replace(/\nconversionHosts:[\s\S]*?\n(?=\S)/, '\nconversionHosts: []\n').replace(/\nmappings:[\s\S]*?\n(?=\S)/, '\n'));
  await writeFile(join(repo, 'workloads.yaml'), 'version: 1\nworkloads: []\n');
  const nodes = Array.from({ length: NODES }, (_, i) => `  - host: cmp-${i}\n    stage: quiesced\n    bmc: {driver: ipmi, address: 127.0.0.1, port: ${7000 + i}, username: admin, passwordEnv: UNUSED}\n    ironic: {driver: ipmi, resourceClass: baremetal, ports: [{address: "52:54:00:b0:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}"}]}\n`);
  await writeFile(join(repo, 'reclaim.yaml'), `version: 1\nheadroomPercent: 10\nmovesAtOnce: 5\nnodes:\n${nodes.join('')}`);
  execFileSync('git', ['-C', repo, 'add', '-A']);
  execFileSync('git', ['-C', repo, '-c', 'user.name=bench', '-c', 'user.email=bench@invalid', 'commit', '-qm', 'reclaim 100 nodes']);

  const source = sim.cloud('source');
  const counter = source.faults.inject({ latencyMs: 0 });
  const started = performance.now();
  const lines: string[] = [];
  const code = await apply(['--repo', repo, '--state', join(dir, 'state')], { out: (l) => lines.push(l), err: () => undefined, interactive: false });
  const ms = performance.now() - started;
  const left = servers(source).values().filter((s) => Number(s.host?.slice(4)) < NODES).length;
  const disabled = computeServices(source).values().filter((s) => s.status === 'disabled').length;
  const calls = counter.hits;
  console.log(`drain ${NODES} nodes / ${NODES * PER_NODE} servers onto ${STAYING} hosts (5 moves at a time per node): ${(ms / 1000).toFixed(1)} s, ${(ms / NODES).toFixed(0)} ms per node, ${(ms / (NODES * PER_NODE)).toFixed(1)} ms per server`);
  console.log(`  ${calls} source API calls (${(calls / (NODES * PER_NODE)).toFixed(1)} per server moved); ${disabled} services disabled, ${left} servers left on reclaimed nodes; apply exit ${code}`);
  if (left > 0 || code !== 0) {
    console.log(lines.filter((l) => /node cmp-/.test(l) && !/Quiesced/.test(l)).slice(0, 5).join('\n'));
    process.exitCode = 1;
  }
} finally {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}

/**
 * Issue 15's tenant against the simulator with the real cloud's latencies (`npm run bench --
 * tenant148`): the 145 resources of scripts/tenant148.ts are seeded into the simulated source with
 * stackshift's own client (scripts/tenant148Seed.ts), both simulated clouds are given the real
 * cloud's per-route latencies (bench/realCloudLatencies.ts), and the real CLI is timed as a user
 * would time it, each command one `node --import tsx src/cli/main.ts …` subprocess, start-up
 * included: `export --name-filter '^cmp-'` of the source, `apply --auto-approve` into the empty
 * destination and a second, no-op `apply`. Then every field the simulated APIs return is compared
 * source vs destination (test/apply/fieldComparison.ts, NOT_KEPT as the tests use it); any
 * unexplained difference makes the bench exit non-zero. scripts/bench-tenant-148.ts is the same
 * timing against the real cloud.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadCloudConfig } from '../src/executors/openstack/cloudConfig.js';
import { createOpenStackClient } from '../src/executors/openstack/client.js';
import { startSimulator } from '../src/simulator/index.js';
import { defaultScenario, publicNetwork } from '../src/simulator/scenarioDefault.js';
import { raiseQuotas, seedTenant148 } from '../scripts/tenant148Seed.js';
import { GATEWAY_IP, RESOURCE_COUNT } from '../scripts/tenant148.js';
import { commitTenantRepo, tenantExportArgs } from '../scripts/tenant148Repo.js';
import { compareClouds } from '../test/apply/fieldComparison.js';
import { injectRealCloudLatencies } from './realCloudLatencies.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const dir = await mkdtemp(join(tmpdir(), 'stackshift-bench-tenant148-'));
const cloudsFile = join(dir, 'clouds.yaml');

// The real source's external network is 203.0.113.0/24 (the tenant's gateway address is on it);
// the source keeps only the identity of the default scenario, not the example estate.
const scenario = await defaultScenario();
scenario.source = { ...scenario.source, resources: publicNetwork('203.0.113.0/24') };
const sim = await startSimulator({ scenario });
await sim.writeCloudsYaml(cloudsFile);
const open = async (name: string) => createOpenStackClient(await loadCloudConfig(name, { env: { OS_CLIENT_CONFIG_FILE: cloudsFile } }));
const [src, srcAdmin, dst, dstAdmin] = await Promise.all([open('src'), open('src-admin'), open('dst'), open('dst-admin')]);

/** One CLI command in its own process, as a user runs it; wall-clock seconds and its output. */
async function stackshift(...args: string[]): Promise<{ seconds: number; out: string }> {
  const start = performance.now();
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root, env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsFile }, maxBuffer: 64 << 20, timeout: 600_000,
  });
  return { seconds: (performance.now() - start) / 1000, out: stdout + stderr };
}

let unexplained = 0;
try {
  await seedTenant148(src, srcAdmin, (line) => console.log(`${line} into the simulated source (gateway ${GATEWAY_IP})`));
  await raiseQuotas(dstAdmin, await dst.projectId());
  injectRealCloudLatencies(sim.cloud('source'));
  injectRealCloudLatencies(sim.cloud('destination'));
  console.log(`real-cloud latencies injected into both simulated clouds (load ${load()})`);

  const repo = join(dir, 'repo');
  const clouds = { source: 'src', sourceAdmin: 'src-admin', destination: 'dst', destinationAdmin: 'dst-admin' };
  const exported = await stackshift(...tenantExportArgs(clouds, repo));
  await commitTenantRepo(repo, clouds, stackshift);
  // What a process pays before its first API call: start-up, module loading, the repo's validation.
  const offline = await stackshift('validate', repo);
  const state = join(dir, 'state');
  const applied = await stackshift('apply', '--repo', repo, '--state', state, '--auto-approve');
  const steps = /applied (\d+) step/.exec(applied.out)?.[1];
  if (!steps) throw new Error(`the apply did not apply:\n${applied.out.slice(-3000)}`);
  const noop = await stackshift('apply', '--repo', repo, '--state', state, '--auto-approve');
  if (!/nothing to change/.test(noop.out)) throw new Error(`the second apply changed something:\n${noop.out.slice(-3000)}`);
  if (process.env.STACKSHIFT_DEBUG) {
    // Every API call with its latency, to set beside the real cloud's trace (bench/realCloudLatencies.ts).
    for (const [name, r] of [['export', exported], ['apply', applied], ['noop', noop]] as const) await writeFile(join(tmpdir(), `stackshift-bench-tenant148-${name}.log`), r.out);
    console.log(`API traces: ${join(tmpdir(), 'stackshift-bench-tenant148-{export,apply,noop}.log')}`);
  }

  // The comparison is not timed: the latencies off, it reads both clouds at the simulator's speed.
  sim.cloud('source').faults.clear();
  sim.cloud('destination').faults.clear();
  const { compared, differences } = await compareClouds({ member: src, admin: srcAdmin }, { member: dst, admin: dstAdmin });
  unexplained = differences.length;
  for (const d of differences) console.log(`  unexplained difference: ${d}`);
  console.log(`field by field: ${compared.length} resources compared, ${unexplained} unexplained differences (must be 0)`);

  const s = (x: number) => `${x.toFixed(1)} s`;
  console.log(`\n${RESOURCE_COUNT} resources, ${steps} steps applied; every figure is one CLI subprocess, start-up included (\`stackshift validate\` of the repo, no API call: ${s(offline.seconds)}); load ${load()}`);
  console.log('| | export | apply into an empty destination | no-op apply |');
  console.log('|---|---|---|---|');
  console.log(`| stackshift, simulator with the real cloud's latencies, ${new Date().toISOString().slice(0, 16)}Z | ${s(exported.seconds)} | ${s(applied.seconds)} | ${s(noop.seconds)} |`);
  console.log('| OS-Migrate 1.0.5 on the real cloud (published) | 250 s | 351 s | 323 s |');
  console.log(`| target | | ≤ 35 s (${applied.seconds <= 35 ? 'met' : 'not met'}) | ≤ 3 s (${noop.seconds <= 3 ? 'met' : 'not met'}) |`);
} finally {
  await Promise.all([src, srcAdmin, dst, dstAdmin].map((c) => c.close()));
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
if (unexplained > 0) process.exit(1);

/**
 * Times the real CLI on issue 15's tenant (seeded by scripts/seed-tenant-148.ts): `export` of the
 * source project, then per run an `apply --auto-approve` into an emptied destination project and
 * a second, no-op `apply`. Each figure is the wall-clock time of one `node --import tsx
 * src/cli/main.ts …` process, start-up included, as a user would measure it.
 *
 *   OS_CLIENT_CONFIG_FILE=/tmp/openstack-harness/clouds.yaml \
 *     node --import tsx scripts/bench-tenant-148.ts [--runs 3] [--source src] [--destination dst] [--admin admin] [--concurrency N]
 *
 * With STACKSHIFT_DEBUG=1 each apply's output, every API call and its latency included, is kept
 * next to its state directory (state-N-apply.log, state-N-noop.log).
 *
 * It empties the destination project before each apply (its routers, ports, networks, security
 * groups, keypairs and images): point --destination only at a project meant for this.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { cleanProject } from '../test/conformance/helpers/cleanProject.js';
import { commitTenantRepo, tenantExportArgs } from './tenant148Repo.js';
import { openSession, readCloudsYaml, type Session } from '../test/shape/helpers/session.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: {
  runs: { type: 'string', default: '3' }, source: { type: 'string', default: 'src' }, destination: { type: 'string', default: 'dst' },
  admin: { type: 'string', default: 'admin' }, concurrency: { type: 'string' }, tsx: { type: 'boolean', default: false },
} });
const runs = Number(values.runs);
const cloudsFile = process.env.OS_CLIENT_CONFIG_FILE ?? '/tmp/openstack-harness/clouds.yaml';

async function timed(args: string[], cwd = root): Promise<{ seconds: number; out: string }> {
  const start = performance.now();
  const cli = values.tsx ? ['--import', 'tsx', 'src/cli/main.ts'] : ['bin/stackshift.js'];
  const { stdout, stderr } = await run(process.execPath, [...cli, ...args], { cwd, maxBuffer: 64 << 20, timeout: 900_000 });
  return { seconds: (performance.now() - start) / 1000, out: stdout + stderr };
}

/** The destination emptied of what an apply of the tenant made (images too: cleanProject keeps them). */
async function empty(dst: Session, admin: Session): Promise<void> {
  await cleanProject(dst, admin, []);
  const images = await dst.call('image', 'GET', `/v2/images?owner=${dst.projectId}`);
  for (const i of ((images.body as { images?: { id: string }[] }).images ?? [])) await dst.call('image', 'DELETE', `/v2/images/${i.id}`);
  // An apply into a destination that still holds part of the tenant would time less work.
  const left: string[] = [];
  for (const [path, key] of [['routers', 'routers'], ['networks', 'networks'], ['security-groups', 'security_groups']] as const) {
    const r = await dst.call('network', 'GET', `/v2.0/${path}?project_id=${dst.projectId}`);
    for (const x of ((r.body as Record<string, { name: string; 'router:external'?: boolean }[]>)[key] ?? [])) {
      if (x.name !== 'default' && !x['router:external']) left.push(`${key} ${x.name}`);
    }
  }
  if (left.length) throw new Error(`the destination project is not empty after emptying it: ${left.join(', ')}`);
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const dir = await mkdtemp(join(tmpdir(), 'stackshift-bench148-'));
const tenantClouds = { source: values.source, sourceAdmin: values.admin, destination: values.destination, destinationAdmin: values.admin };
const exports: number[] = [];
for (let i = 0; i < runs; i++) exports.push((await timed(tenantExportArgs(tenantClouds, join(dir, `export-${i}`)))).seconds);
const repo = join(dir, 'export-0');
await commitTenantRepo(repo, tenantClouds, (...args: string[]) => timed(args));

const clouds = await readCloudsYaml(cloudsFile);
const dst = await openSession(clouds[values.destination]!);
const admin = await openSession(clouds[values.admin]!);
const applies: number[] = [];
const noops: number[] = [];
const extra = values.concurrency ? ['--concurrency', values.concurrency] : [];
for (let i = 0; i < runs; i++) {
  await empty(dst, admin);
  const state = join(dir, `state-${i}`);
  const first = await timed(['apply', '--repo', repo, '--state', state, '--auto-approve', ...extra]);
  if (!/applied \d+ step/.test(first.out)) throw new Error(`apply ${i + 1} did not apply:\n${first.out.slice(-3000)}`);
  applies.push(first.seconds);
  const again = await timed(['apply', '--repo', repo, '--state', state, '--auto-approve', ...extra]);
  if (!/nothing to change/.test(again.out)) throw new Error(`the second apply ${i + 1} changed something:\n${again.out.slice(-3000)}`);
  noops.push(again.seconds);
  if (process.env.STACKSHIFT_DEBUG) {
    // Each API call with its latency (the CLI's debug lines): where the time goes, per route.
    await writeFile(`${state}-apply.log`, first.out);
    await writeFile(`${state}-noop.log`, again.out);
  }
  console.log(`run ${i + 1}: export ${exports[i]!.toFixed(1)} s, apply ${first.seconds.toFixed(1)} s, no-op apply ${again.seconds.toFixed(1)} s (load ${load()}; state ${state})`);
}
const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} s`;
console.log(`export ${range(exports)}, apply ${range(applies)}, no-op apply ${range(noops)} over ${runs} runs; repo ${repo}`);

/**
 * `stackshift apply` of the example infrastructure (networks, subnets, routers and interfaces,
 * security groups and rules, flavors, keypairs of example-repo/) into the real `dst` project
 * converges, and a second `stackshift plan` reports no changes. Workloads, images, volumes and
 * node reclaim are left out: they need data and conversion hosts in the source cloud, which the
 * test cloud's `src` project does not hold (see README, conformance).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { exampleRepoDir } from '../../src/paths.js';
import { openSession, readCloudsYaml, type Session } from '../shape/helpers/session.js';
import { conformanceEnv, root } from './helpers/childSuite.js';
import { cleanProject } from './helpers/cleanProject.js';

const run = promisify(execFile);
const env = conformanceEnv();
let dir: string;
let dst: Session;
let admin: Session;
let flavorNames: string[] = [];

async function git(cwd: string, ...args: string[]): Promise<void> {
  await run('git', ['-c', 'user.name=conformance', '-c', 'user.email=conformance@localhost', ...args], { cwd });
}

/** example-repo/ reduced to its infrastructure, as a Git repository, and a clouds.yaml whose entry names are the example's. */
async function prepare(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'stackshift-apply-real-'));
  const repo = join(dir, 'repo');
  await cp(exampleRepoDir(), repo, { recursive: true });
  for (const f of ['snapshots/images.yml', 'snapshots/detached_volumes.yml', 'snapshots/workloads.yml', 'workloads.yaml', 'reclaim.yaml']) {
    await rm(join(repo, f), { force: true });
  }
  const config = parse(await readFile(join(repo, 'stackshift.yaml'), 'utf8')) as Record<string, any>;
  delete config.mappings; // volume-type mappings name types of volumes this test leaves out
  await writeFile(join(repo, 'stackshift.yaml'), stringify(config));
  await git(repo, 'init', '-q', '-b', 'main');
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-q', '-m', 'example infrastructure');
  const clouds = await readCloudsYaml(env.STACKSHIFT_CONFORMANCE_CLOUDS!);
  const pick = (name: string) => clouds[name]!;
  const entries = {
    [config.source.cloud]: pick(env.STACKSHIFT_CONFORMANCE_SOURCE!), [config.source.adminCloud]: pick(env.STACKSHIFT_CONFORMANCE_ADMIN!),
    [config.destination.cloud]: pick(env.STACKSHIFT_CONFORMANCE_DESTINATION!), [config.destination.adminCloud]: pick(env.STACKSHIFT_CONFORMANCE_ADMIN!),
  };
  await writeFile(join(dir, 'clouds.yaml'), stringify({ clouds: entries }), { mode: 0o600 });
  const flavors = parse(await readFile(join(repo, 'snapshots', 'flavors.yml'), 'utf8')) as { resources: { params: { name: string } }[] };
  flavorNames = flavors.resources.map((r) => r.params.name);
  dst = await openSession(pick(env.STACKSHIFT_CONFORMANCE_DESTINATION!));
  admin = await openSession(pick(env.STACKSHIFT_CONFORMANCE_ADMIN!));
}

async function stackshift(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args,
      '--repo', join(dir, 'repo'), '--state', join(dir, 'state')], {
      cwd: root, env: { ...process.env, OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') }, timeout: 600_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

before(async () => {
  await prepare();
  await cleanProject(dst, admin, flavorNames);
});
after(async () => {
  if (dst) await cleanProject(dst, admin, flavorNames);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('apply of the example infrastructure into the real dst converges; a second plan has no changes', async () => {
  const first = await stackshift('plan');
  assert.equal(first.code, 2, `the first plan has changes:\n${first.out}`);
  const applied = await stackshift('apply');
  assert.equal(applied.code, 0, applied.out);
  assert.match(applied.out, /applied \d+ step/);
  const second = await stackshift('plan');
  assert.equal(second.code, 0, `nothing left to change:\n${second.out}`);
  assert.match(second.out, /No changes/);
  const nets = await dst.call('network', 'GET', `/v2.0/networks?project_id=${dst.projectId}`);
  const names = ((nets.body as any).networks as { name: string }[]).map((n) => n.name).sort();
  const wanted = (parse(await readFile(join(dir, 'repo', 'snapshots', 'networks.yml'), 'utf8')) as { resources: { params: { name: string } }[] })
    .resources.map((r) => r.params.name).sort();
  assert.deepEqual(names, wanted, 'the real dst project holds exactly the example networks');
});

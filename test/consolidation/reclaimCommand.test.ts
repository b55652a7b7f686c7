/**
 * `stackshift reclaim suggest` end to end against the simulator: it reads hosts, servers, server
 * groups and Placement through the API, prints its reasoning, keeps every rule (checked from the
 * estate it read), and writes a reclaim.yaml fragment that the project's reclaim reader accepts
 * once the operator fills in the BMC and Ironic placeholders — and rejects, naming them, before.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { run } from '../../src/commands/reclaim.js';
import { readEstate } from '../../src/consolidation/readEstate.js';
import type { Estate, Proposal } from '../../src/consolidation/model.js';
import { readReclaim } from '../../src/desired/reclaim.js';
import { parseYamlFile } from '../../src/desired/yamlFile.js';
import type { Problem } from '../../src/desired/problem.js';
import { StackshiftError } from '../../src/errors.js';
import { serverGroups } from '../../src/simulator/nova/serverGroups.js';
import { servers } from '../../src/simulator/nova/store.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { openCloud } from '../../src/wiring.js';
import { tempDir } from '../fixtures/tempDir.js';
import { checkProposal } from './checkProposal.js';

let sim: Simulator;
let dir: string;
const savedEnv = process.env.OS_CLIENT_CONFIG_FILE;

before(async () => {
  sim = await startSimulator();
  dir = await tempDir('ss-reclaim-');
  await sim.writeCloudsYaml(join(dir, 'clouds.yaml'));
  process.env.OS_CLIENT_CONFIG_FILE = join(dir, 'clouds.yaml');
});
after(async () => {
  if (savedEnv === undefined) delete process.env.OS_CLIENT_CONFIG_FILE;
  else process.env.OS_CLIENT_CONFIG_FILE = savedEnv;
  await sim.close();
});

async function suggest(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await run(['suggest', '--cloud', 'src-admin', ...args], { out: (t) => lines.push(t), err: (t) => lines.push(t), interactive: false });
  return { code, out: lines.join('\n') };
}

async function estateOf(): Promise<Estate> {
  const client = await openCloud('src-admin');
  try {
    return await readEstate(client);
  } finally {
    await client.close();
  }
}

test('server groups are served by the simulated Nova, as the API reference shows them', async () => {
  const client = await openCloud('src-admin');
  try {
    const created = await client.request<{ server_group: Record<string, unknown> }>({ service: 'compute', method: 'POST', path: '/os-server-groups', microversion: '2.64', body: { server_group: { name: 'spread-web', policy: 'anti-affinity', rules: { max_server_per_host: 1 } } } });
    assert.deepEqual(Object.keys(created.body.server_group).sort(), ['id', 'members', 'name', 'policy', 'project_id', 'rules', 'user_id']);
    const old = await client.request<{ server_group: Record<string, unknown> }>({ service: 'compute', method: 'GET', path: `/os-server-groups/${String(created.body.server_group.id)}`, microversion: '2.1' });
    assert.deepEqual(old.body.server_group.policies, ['anti-affinity']);
    const bad = await client.request({ service: 'compute', method: 'POST', path: '/os-server-groups', microversion: '2.64', body: { server_group: { name: 'x', policy: 'affinity', rules: { max_server_per_host: 2 } } } }).catch((e: unknown) => e);
    assert.ok(bad instanceof Error && /Only anti-affinity policy supports rules/.test(bad.message), String(bad));
  } finally {
    await client.close();
  }
});

test('suggest prints its reasoning, keeps every rule and writes a fragment the reclaim reader accepts once filled in', async () => {
  // Two servers on different hosts become anti-affine: the planner must not put them together.
  const cloud = sim.cloud('source');
  const [a, b] = ['web-2', 'stackshift-conv-src'].map((n) => servers(cloud).find((s) => s.name === n)!);
  const group = serverGroups(cloud).values().find((g) => g.name === 'spread-web')!;
  group.members = [a!.id, b!.id];

  const file = join(dir, 'reclaim-fragment.yaml');
  const text = await suggest(['--headroom', '20%', '--out', file]);
  assert.equal(text.code, 0);
  assert.match(text.out, /^\d+ schedulable hosts of \d+, \d+ servers; receiving hosts keep 20% of vCPU, RAM and disk free$/m);
  assert.match(text.out, /^drain [1-9]\d* nodes?, moving \d+ servers?$/m);
  assert.match(text.out, new RegExp(`wrote the reclaim.yaml fragment to ${file}`));

  const json = await suggest(['--headroom', '20', '--format', 'json']);
  const proposal = JSON.parse(json.out) as Proposal;
  const estate = await estateOf();
  assert.ok(estate.groups.some((g) => g.policy === 'anti-affinity' && g.members.length === 2), 'the group was read');
  checkProposal(estate, proposal, { headroomPercent: 20 }, 'simulator');
  for (const host of proposal.drain) assert.match(text.out, new RegExp(`^  drain ${host}: `, 'm'));

  const fragment = await readFile(file, 'utf8');
  const before = read(fragment);
  assert.equal(before.plan, undefined, 'unfilled placeholders do not validate');
  assert.ok(before.problems.length > 0 && before.problems.every((p) => /bmc|ironic/.test(p.message)), before.problems.map((p) => p.message).join('; '));
  const after = read(fillIn(fragment));
  assert.deepEqual(after.problems, []);
  assert.deepEqual(after.plan!.nodes.map((n) => [n.host, n.stage, n.drain]), proposal.drain.map((h) => [h, 'quiesced', 'live-migrate']));
  assert.equal(after.plan!.headroomPercent, 20);
});

test('usage errors name the problem and exit 2', async () => {
  for (const argv of [['suggest', '--bogus'], ['shuffle'], [], ['suggest', '--headroom', '95%'], ['suggest', '--max-nodes', '0'], ['suggest', '--format', 'xml']]) {
    await assert.rejects(run(argv, { out: () => {}, err: () => {}, interactive: false }), (e: unknown) => e instanceof StackshiftError && e.exitCode === 2, argv.join(' '));
  }
});

function read(text: string): { plan: ReturnType<typeof readReclaim>; problems: Problem[] } {
  const problems: Problem[] = [];
  const file = parseYamlFile('reclaim.yaml', new TextEncoder().encode(text), problems);
  return { plan: readReclaim(file, problems), problems };
}

/** What the operator does: uncomment bmc and ironic of each node and replace every <…>. */
function fillIn(fragment: string): string {
  let node = 0;
  return fragment.split('\n').map((line) => {
    if (line.startsWith('  - host:')) node++;
    const block = /^    # ((bmc|ironic):|  (driver|address|username|passwordFile|resourceClass|ports):|    - address:)/.exec(line);
    if (!block) return line;
    return line.replace('    # ', '    ')
      .replace('<BMC address>', `10.0.0.${node}`).replace('<BMC user>', 'admin')
      .replace('<file holding the BMC password>', `/etc/stackshift/bmc/node-${node}`)
      .replace(/<MAC of the PXE NIC[^>]*>/, `52:54:00:00:00:${node.toString(16).padStart(2, '0')}`)
      .replace(/\s+# or passwordEnv: <VARIABLE_NAME>/, '');
  }).join('\n');
}

test('a member cloud entry is refused with a hint to use the admin entry', async () => {
  await assert.rejects(run(['suggest', '--cloud', 'src'], { out: () => {}, err: () => {}, interactive: false }),
    (e: unknown) => e instanceof StackshiftError && /403/.test(e.message) && /admin entry/.test(e.hint ?? ''));
});

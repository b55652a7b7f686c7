/** Scenarios: the default (example-repo) seeding, scenario YAML files, and the `stackshift sim` command. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startSimulator } from '../../src/simulator/index.js';
import { EXAMPLE_REPO } from '../../src/simulator/scenarioDefault.js';
import { loadScenario, readSnapshots } from '../../src/simulator/scenarioLoad.js';
import { login } from './helpers/session.js';
import { testScenario } from './helpers/scenario.js';
import { tempDirSync } from '../fixtures/tempDir.js';

const root = join(import.meta.dirname, '..', '..');

test('the default scenario replays example-repo snapshots into the source cloud with their ids', async () => {
  const snapshot = await readSnapshots(join(EXAMPLE_REPO, 'snapshots'));
  const of = (type: string) => snapshot.filter((r) => r.type === type);
  const sim = await startSimulator();
  try {
    const src = await login(sim.entries.src!);
    const nets = (await src.request('network', 'GET', '/v2.0/networks')).body.networks;
    for (const n of of('openstack.network.Network')) {
      const seen = nets.find((x: { id: string }) => x.id === n._info!.id);
      assert.ok(seen, `network ${String(n.params.name)} seeded`);
      assert.equal(seen.name, n.params.name);
      assert.equal(seen.project_id, n._info!.project_id);
    }
    for (const r of of('openstack.network.RouterInterface')) {
      const port = (await src.request('network', 'GET', `/v2.0/ports/${String(r._info!.id)}`)).body.port;
      assert.equal(port.device_owner, 'network:router_interface');
      assert.equal(port.fixed_ips[0].ip_address, (r.params.fixed_ips_refs as { ip_address: string }[])[0]!.ip_address);
    }
    for (const r of of('openstack.network.Router')) {
      const router = (await src.request('network', 'GET', `/v2.0/routers/${String(r._info!.id)}`)).body.router;
      assert.equal(router.external_gateway_info.network_id, (r._info!.external_gateway_info as { network_id: string }).network_id);
    }
    for (const i of of('openstack.image.Image')) {
      const image = (await src.request('image', 'GET', `/v2/images/${String(i._info!.id)}`)).body;
      assert.equal(image.status, 'active');
      assert.equal(image.name, i.params.name);
      assert.ok(image.size > 0);
    }
    const dst = await login(sim.entries.dst!);
    const dstNets = (await dst.request('network', 'GET', '/v2.0/networks')).body.networks;
    assert.deepEqual(dstNets.map((n: { name: string }) => n.name), ['public']);
    assert.deepEqual((await dst.request('image', 'GET', '/v2/images')).body.images, []);
    assert.deepEqual(Object.keys(sim.entries).sort(), ['dst', 'dst-admin', 'src', 'src-admin']);
    const hosts = sim.cloud('source').hosts.list().map((h) => h.name);
    const reclaim = parse(readFileSync(join(EXAMPLE_REPO, 'reclaim.yaml'), 'utf8')) as { nodes: { host: string }[] };
    for (const node of reclaim.nodes) assert.ok(hosts.includes(node.host), `reclaim host ${node.host} is a compute host`);
    assert.deepEqual(sim.cloud('source').internalErrors, []);
  } finally {
    await sim.close();
  }
});

test('scenario files: snapshots: and reclaim: are read relative to the file; a bad file names itself', async () => {
  const dir = tempDirSync('sim-scenario-');
  mkdirSync(join(dir, 'snaps'));
  writeFileSync(join(dir, 'snaps', 'networks.yml'), stringify({ os_migrate_version: '1.0.5', resources: [{ type: 'openstack.network.Network', params: { name: 'from-file' }, _info: { id: '11111111-2222-4333-8444-555555555555' } }] }));
  writeFileSync(join(dir, 'reclaim.yaml'), stringify({ version: 1, nodes: [{ host: 'old-1', stage: 'removed', bmc: { driver: 'redfish', address: '127.0.0.1', username: 'root', passwordEnv: 'NOPE_UNSET' }, ironic: { driver: 'redfish', resourceClass: 'bm', ports: [{ address: '52:54:00:00:00:01' }] } }] }));
  const base = testScenario();
  writeFileSync(join(dir, 'scenario.yaml'), stringify({ seed: 3, source: { ...base.source, snapshots: 'snaps', reclaim: 'reclaim.yaml' }, destination: base.destination }));
  const scenario = await loadScenario(join(dir, 'scenario.yaml'));
  assert.equal(scenario.seed, 3);
  assert.ok(scenario.source.resources!.some((r) => r.params.name === 'from-file'));
  assert.deepEqual(scenario.source.baremetal!.map((m) => [m.name, m.bmc.driver, m.bmc.passwordRef, m.macs]), [['old-1', 'redfish', 'NOPE_UNSET', ['52:54:00:00:00:01']]]);
  assert.ok(scenario.source.hosts!.some((h) => h.name === 'old-1'));
  writeFileSync(join(dir, 'bad.yaml'), 'source: [1, 2]\n');
  await assert.rejects(loadScenario(join(dir, 'bad.yaml')), (e: Error) => e.message.includes('bad.yaml') && e.message.includes('source'));
});

test('`stackshift sim` prints one ready line, serves clouds.yaml entries, and exits 0 on SIGTERM', async () => {
  const dir = tempDirSync('sim-cli-');
  const cloudsOut = join(dir, 'clouds.yaml');
  writeFileSync(join(dir, 'scenario.yaml'), stringify(testScenario()));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sim', '--scenario', join(dir, 'scenario.yaml'), '--clouds-out', cloudsOut], { cwd: root });
  let stdout = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('ready'));
      if (line) resolve(line);
    });
    child.on('exit', (code) => reject(new Error(`sim exited early with ${code}`)));
  });
  const line = await ready;
  assert.match(line, new RegExp(`^ready clouds=${cloudsOut} source=http://127\\.0\\.0\\.1:\\d+/v3 destination=http://127\\.0\\.0\\.1:\\d+/v3 control=http://127\\.0\\.0\\.1:\\d+$`));
  const clouds = parse(readFileSync(cloudsOut, 'utf8')).clouds;
  assert.deepEqual(Object.keys(clouds).sort(), ['dst', 'dst-admin', 'src', 'src-admin']);
  const s = await login(clouds.src);
  assert.equal((await s.request('network', 'GET', '/v2.0/networks')).status, 200);
  // The control endpoint turns the knobs of the process: a one-shot fault, then a reset.
  const control = /control=(\S+)/.exec(line)![1]!;
  const rule = await fetch(`${control}/source/faults`, { method: 'POST', body: JSON.stringify({ service: 'neutron', route: 're:^/v2\\.0/networks$', status: 503, times: 1 }) });
  assert.equal(rule.status, 201);
  const { id } = (await rule.json()) as { id: number };
  assert.equal((await s.request('network', 'GET', '/v2.0/networks')).status, 503);
  assert.deepEqual(await (await fetch(`${control}/source/faults/${id}`)).json(), { id, hits: 1 });
  assert.equal((await s.request('network', 'GET', '/v2.0/networks')).status, 200);
  assert.equal((await fetch(`${control}/source/progression/image`, { method: 'PUT', body: JSON.stringify({ type: 'polls', polls: 2 }) })).status, 204);
  assert.equal((await fetch(`${control}/clock/advance`, { method: 'POST', body: '{"ms":1}' })).status, 409, 'wall clock cannot be advanced');
  assert.equal((await fetch(`${control}/source/reset`, { method: 'POST' })).status, 204);
  assert.equal((await s.request('network', 'GET', '/v2.0/networks')).status, 401, 'reset drops tokens');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.equal(stdout.split('\n').filter((l) => l.startsWith('ready')).length, 1);
  assert.ok(!stdout.includes(clouds.src.auth.password), 'no password on stdout');
  assert.ok(!existsSync(cloudsOut), 'clouds.yaml removed on exit');
});

test('`stackshift sim` refuses to replace a clouds.yaml it did not write (exit 2)', async () => {
  const dir = tempDirSync('sim-cli-');
  writeFileSync(join(dir, 'clouds.yaml'), 'clouds: {}\n');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sim', '--clouds-out', join(dir, 'clouds.yaml')], { cwd: root });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 2);
  assert.match(stderr, /was not written by stackshift sim/);
  assert.equal(readFileSync(join(dir, 'clouds.yaml'), 'utf8'), 'clouds: {}\n');
});

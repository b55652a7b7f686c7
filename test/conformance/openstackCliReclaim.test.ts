/**
 * The real `openstack` CLI (python-openstackclient) sees each example node at its reclaim stage on
 * the simulated clouds, after `stackshift apply` reclaimed them from another process: compute-4
 * (quiesced) has its nova-compute service disabled with stackshift's reason, compute-2 has none,
 * and compute-3 (enrolled) is a `manageable` node with the redfish driver in the destination's
 * Ironic. The clouds and BMCs are served as `stackshift sim` serves them (startSimulator, then
 * startSimBmcs on the source), and example-repo/reclaim.yaml is pointed at them as the demo does
 * (src/daemon/demoBmcs.ts: live Redfish URL, pinned certificate, password files). compute-2's BMC
 * speaks IPMI: where ipmi_sim is installed it goes to its example stage, available (with a
 * wipe-node confirmation), else it stops at removed as in the demo. The simulator is only worth what a real
 * client accepts of it: where the CLI fails here, the simulator is wrong, not the CLI.
 *
 * Needs no real cloud; skipped (saying so) when `openstack` is not on PATH.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { parseDocument } from 'yaml';
import { demoBmcs } from '../../src/daemon/demoBmcs.js';
import { exampleRepoDir } from '../../src/paths.js';
import type { SimCloud } from '../../src/simulator/index.js';
import { startSimBmcs, type SimBmcs } from '../../src/simulator/ipmi/simBmcs.js';
import { machines } from '../../src/simulator/redfish/registry.js';
import { useNodeRig } from '../nodes/nodeRig.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const openstackMissing = spawnSync('openstack', ['--version'], { encoding: 'utf8' }).error
  ? 'the `openstack` CLI is not on PATH (install python3-openstackclient); this test runs it against the simulator'
  : undefined;

let bmcs: SimBmcs | undefined;
let compute2Served = false;

/**
 * Where startSimBmcs runs a node's IPMI BMC on ipmi_sim, reclaim.yaml points at it and the node
 * keeps its example stage (demoBmcs stops IPMI nodes at removed, as the demo runs no ipmi_sim).
 */
async function pointIpmiAtSimBmc(repo: string, source: SimCloud, host: string, stage: string): Promise<boolean> {
  const machine = machines(source).get(host);
  if (!machine?.seededPort) return false;
  const path = join(repo, 'reclaim.yaml');
  const doc = parseDocument(await readFile(path, 'utf8'));
  const i = (doc.toJS() as { nodes: { host: string }[] }).nodes.findIndex((n) => n.host === host);
  doc.setIn(['nodes', i, 'stage'], stage);
  doc.setIn(['nodes', i, 'bmc', 'address'], machine.seededAddress);
  doc.setIn(['nodes', i, 'bmc', 'port'], machine.seededPort);
  await writeFile(path, doc.toString());
  return true;
}
const bmcEnv: Record<string, string> = {};

const rig = useNodeRig({
  // Making compute-2 available cleans it, which stackshift does only with the operator's word.
  confirmations: '[{action: wipe-node, target: compute-2, reason: its disks hold nothing of value}]',
  prepare: async (r) => {
    if (openstackMissing) return;
    // As `stackshift sim` does after its clouds are up (src/commands/sim.ts).
    bmcs = await startSimBmcs(r.sim.cloud('source'));
    await copyFile(join(exampleRepoDir(), 'reclaim.yaml'), join(r.repo.dir, 'reclaim.yaml'));
    const edit = demoBmcs({ source: r.sim.cloud('source'), workDir: r.dir, say: () => {} });
    await edit.editRepo(r.repo.dir);
    Object.assign(bmcEnv, edit.env);
    compute2Served = await pointIpmiAtSimBmc(r.repo.dir, r.sim.cloud('source'), 'compute-2', 'available');
    execFileSync('git', ['-C', r.repo.dir, 'commit', '-qam', 'reclaim the example nodes']);
    r.repo.commit = execFileSync('git', ['-C', r.repo.dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  },
});
after(() => bmcs?.stop());

/** `openstack --os-cloud <cloud> ...args -f json` against the simulator's clouds.yaml, parsed. */
async function openstack<T>(cloud: string, ...args: string[]): Promise<T> {
  const env = { ...process.env, OS_CLIENT_CONFIG_FILE: rig().cloudsYaml };
  try {
    const { stdout } = await run('openstack', ['--os-cloud', cloud, ...args, '-f', 'json'], { env, timeout: 60_000 });
    return JSON.parse(stdout) as T;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`openstack ${args.join(' ')} failed against the simulator: ${e.stderr || e.message}`);
  }
}

interface ServiceRow { Binary: string; Host: string; Status: string; 'Disabled Reason'?: string | null }
interface NodeRow { UUID: string; Name: string; 'Provisioning State': string }

test('the real openstack CLI sees each example node at its stage after `stackshift apply` reclaimed it', { skip: openstackMissing, timeout: 300_000 }, async () => {
  const r = rig();
  // `stackshift apply` in another process, as an operator would run it next to `stackshift sim`
  // (asynchronously: the simulator answering it runs in this process).
  const { stdout: applyOut } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'apply', '--auto-approve', '--repo', r.repo.dir, '--state', join(r.dir, 'state')], {
    cwd: root, timeout: 240_000,
    env: { ...process.env, ...bmcEnv, OS_CLIENT_CONFIG_FILE: r.cloudsYaml },
  }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
    assert.fail(`stackshift apply failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  });

  const services = await openstack<ServiceRow[]>('src-admin', 'compute', 'service', 'list', '--service', 'nova-compute', '--long');
  const compute4 = services.find((s) => s.Host === 'compute-4');
  assert.ok(compute4, `compute-4 (quiesced) keeps its nova-compute service: ${JSON.stringify(services)}`);
  assert.equal(compute4.Status, 'disabled');
  assert.equal(compute4['Disabled Reason'], `stackshift: reclaim ${r.repo.commit.slice(0, 12)}`);
  assert.equal(services.find((s) => s.Host === 'compute-2'), undefined, 'compute-2 (removed) has no nova-compute service left');
  assert.ok(services.some((s) => s.Host === 'compute-0' && s.Status === 'enabled'), 'a node not reclaimed stays enabled');

  const nodes = await openstack<NodeRow[]>('dst-admin', 'baremetal', 'node', 'list');
  const compute3 = nodes.find((n) => n.Name === 'compute-3');
  assert.ok(compute3, `compute-3 (enrolled) is a node of the destination's Ironic: ${JSON.stringify(nodes)}`);
  assert.equal(compute3['Provisioning State'], 'manageable', JSON.stringify(nodes));
  const shown = await openstack<Record<string, unknown>>('dst-admin', 'baremetal', 'node', 'show', 'compute-3');
  assert.equal(shown.provision_state, 'manageable');
  assert.equal(shown.driver, 'redfish');
  assert.equal(shown.uuid, compute3.UUID);
  assert.equal(shown.resource_class, 'baremetal.compute');
  // Ironic fills the interfaces the enrolment did not name with the hardware type's defaults.
  assert.equal(shown.power_interface, 'redfish');
  assert.equal(shown.management_interface, 'redfish');
  if (compute2Served) {
    // Its BMC on ipmi_sim: enrolled, inspected and cleaned through it, as reclaim.yaml asks.
    const compute2 = await openstack<Record<string, unknown>>('dst-admin', 'baremetal', 'node', 'show', 'compute-2');
    assert.equal(compute2.provision_state, 'available', applyOut);
    assert.equal(compute2.driver, 'ipmi');
  }
});

/**
 * Node reclaim's bad input and cloud refusals, each stopping with a clear reason and nothing
 * changed that should not be: an unknown host, a MAC already enrolled in the destination's Ironic
 * (preflight: the node is not even disabled), Ironic failing to verify a node (blocked with its
 * last_error, enrolled once), and Nova refusing a service delete once (409: retried, then removed).
 * Each test removes what it injected in a finally.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodes } from '../../src/simulator/ironic/store.js';
import { computeServices } from '../../src/simulator/nova/store.js';
import { bmcEndpoint } from '../../src/simulator/redfish/index.js';
import { openCloud } from '../../src/wiring.js';
import { commitReclaim, useNodeRig } from './nodeRig.js';

process.env.STACKSHIFT_BMC_PREFLIGHT_PW = 'password';

const rig = useNodeRig();

const ipmiNode = (host: string, stage: string, mac: string, port: number) =>
  `  - host: ${host}\n    stage: ${stage}\n    bmc: {driver: ipmi, address: 127.0.0.1, port: ${port}, username: admin, passwordEnv: STACKSHIFT_BMC_PREFLIGHT_PW}\n    ironic: {driver: ipmi, resourceClass: baremetal, ports: [{address: "${mac}"}]}\n`;

/** Commits reclaim.yaml with these nodes and applies it. */
const reclaim = (nodesYaml: string, message: string) => commitReclaim(rig(), `version: 1\nnodes:\n${nodesYaml}`, message);

test('an unknown host and a MAC already enrolled in the destination are refused at preflight; nothing is disabled', async () => {
  const source = rig().sim.cloud('source');
  const dst = rig().sim.cloud('destination');
  const admin = await openCloud('dst-admin', { env: { ...process.env, OS_CLIENT_CONFIG_FILE: rig().cloudsYaml } });
  const taken = (await admin.request<{ uuid: string }>({ service: 'baremetal', method: 'POST', path: '/nodes', body: { name: 'someone-else', driver: 'fake-hardware' }, microversion: '1.58' })).body;
  await admin.request({ service: 'baremetal', method: 'POST', path: '/ports', body: { node_uuid: taken.uuid, address: '52:54:00:a1:04:01' }, microversion: '1.58' });
  try {
    const out = await reclaim(ipmiNode('compute-9', 'quiesced', '52:54:00:a1:09:01', 6239) + ipmiNode('compute-4', 'enrolled', '52:54:00:a1:04:01', 6231), 'an unknown host and a taken MAC');
    assert.match(out, /node compute-9: InService; blocked: check-capacity failed: compute host compute-9 is not in the source cloud's compute service list/);
    assert.match(out, /check the host name at reclaim\.yaml:3 against/);
    assert.match(out, /node compute-4: InService; blocked: check-capacity failed: MAC 52:54:00:a1:04:01 of compute-4 is already a port of Ironic node \S+ in the destination/);
    assert.equal(computeServices(source).get('compute-4')?.status, 'enabled', 'compute-4 is not disabled');
  } finally {
    await admin.request({ service: 'baremetal', method: 'DELETE', path: `/nodes/${taken.uuid}`, microversion: '1.58' });
    await admin.close();
  }
  assert.equal(nodes(dst).values().filter((n) => n.name === 'someone-else').length, 0);
});

test('Nova refusing the service delete once (409) is retried; Ironic failing verification blocks with last_error, enrolled once', async () => {
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const refuse = source.faults.inject({ service: 'nova', method: 'DELETE', route: /\/os-services\//, status: 409, message: 'Unable to delete compute service that has in-progress migrations.', times: 1 });
  destination.progression.failNext('node', 'enroll', 'Failed to get power state for node: IPMI call failed: power status.', 1);
  const url = bmcEndpoint(source, 'compute-3')!.url;
  try {
    const out = await reclaim(`  - host: compute-3\n    stage: enrolled\n    bmc: {driver: redfish, address: "${url}", systemId: /redfish/v1/Systems/compute-3, username: root, passwordEnv: STACKSHIFT_BMC_PREFLIGHT_PW, verifyTls: false}\n    ironic: {driver: redfish, resourceClass: baremetal, ports: [{address: "52:54:00:a1:03:01"}]}\n`, 'compute-3 to enrolled');
    assert.equal(refuse.hits, 1, 'the delete was refused once');
    assert.equal(computeServices(source).get('compute-3'), undefined, 'and removed on the retry');
    assert.match(out, /node compute-3: Removed; blocked: enroll failed: Ironic could not manage compute-3: it is 'enroll', last_error: Failed to get power state for node: IPMI call failed/);
    assert.equal(nodes(destination).values().filter((n) => n.name === 'compute-3').length, 1);
    // The next commit retries from the Ironic node that exists: manage again, not a second node.
    const again = await reclaim(`  - host: compute-3\n    stage: enrolled\n    bmc: {driver: redfish, address: "${url}", systemId: /redfish/v1/Systems/compute-3, username: root, passwordEnv: STACKSHIFT_BMC_PREFLIGHT_PW, verifyTls: false}\n    ironic: {driver: redfish, resourceClass: baremetal, ports: [{address: "52:54:00:a1:03:01"}]}\n# retry\n`, 'retry compute-3');
    assert.match(again, /node compute-3: Enrolled/);
    assert.equal(nodes(destination).values().filter((n) => n.name === 'compute-3').length, 1, 'enrolled once');
  } finally {
    refuse.remove();
    destination.progression.clearFailures('node');
  }
});

test('cleaning waits for a wipe-node confirmation; cleaning that fails blocks with Ironic\'s last_error', async () => {
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const url = bmcEndpoint(source, 'compute-3')!.url;
  const node = `  - host: compute-3\n    stage: available\n    bmc: {driver: redfish, address: "${url}", systemId: /redfish/v1/Systems/compute-3, username: root, passwordEnv: STACKSHIFT_BMC_PREFLIGHT_PW, verifyTls: false}\n    ironic: {driver: redfish, resourceClass: baremetal, ports: [{address: "52:54:00:a1:03:01"}]}\n`;
  const first = await reclaim(node, 'compute-3 to available');
  assert.match(first, /node compute-3: Enrolled; blocked: compute-3 is inspected; making it available cleans it, which wipes its disks \(add \{action: wipe-node, target: compute-3\} to policy\.confirmations/);
  const config = join(rig().repo.dir, 'stackshift.yaml');
  await writeFile(config, (await readFile(config, 'utf8')).replace(/confirmations: .*\n/, 'confirmations: [{action: wipe-node, target: compute-3}]\n'));
  destination.progression.failNext('node', 'clean failed', 'Failed to erase the disks: the device /dev/sda is busy.', 1);
  try {
    const out = await reclaim(node, 'wipe compute-3');
    assert.match(out, /node compute-3: Enrolled; blocked: provide failed: Ironic could not provide compute-3: it is 'clean failed', last_error: Failed to erase the disks/);
    assert.equal(nodes(destination).values().find((n) => n.name === 'compute-3')?.provisionState, 'clean failed');
  } finally {
    destination.progression.clearFailures('node');
  }
});

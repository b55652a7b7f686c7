/**
 * Node reclaim when the clouds do not cooperate: a live migration that fails (the server stays on
 * the node: retried, then the node is blocked with Nova's reason and nothing after the drain
 * happens), and Ironic's verification failing with wrong BMC credentials (blocked with
 * last_error, enrolled once, never twice), and a dead node whose evacuation leaves orphaned
 * allocations on it (reported with the commands that drop them; it goes once they are dropped).
 * Each test restores the simulator's progression or the service it took down.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeServices } from '../../src/simulator/nova/store.js';
import { nodes } from '../../src/simulator/ironic/store.js';
import { bmcEndpoint } from '../../src/simulator/redfish/index.js';
import { createOpenStackClient } from '../../src/executors/openstack/client.js';
import { loadCloudConfig } from '../../src/executors/openstack/cloudConfig.js';
import { serversOf } from '../workloads/rig.js';
import { commitReclaim, stateText, useNodeRig } from './nodeRig.js';

process.env.STACKSHIFT_TEST_WRONG_BMC_PASSWORD = 'not-the-right-one';

const rig = useNodeRig();

/** Commits reclaim.yaml with these nodes and applies it. */
const reclaim = (nodesYaml: string, message: string) => commitReclaim(rig(), `version: 1\nnodes:\n${nodesYaml}`, message);

test('a live migration that keeps failing leaves the server on the node, retried, then blocked with the reason', async () => {
  const source = rig().sim.cloud('source');
  source.progression.failNext('migration', 'error', 'Live migration of instance failed: the destination CPU lacks a source CPU flag', 10);
  try {
    const out = await reclaim('  - host: compute-4\n    stage: removed\n    drain: live-migrate\n    bmc: {driver: ipmi, address: 127.0.0.1, username: admin, passwordEnv: UNUSED}\n    ironic: {driver: ipmi, resourceClass: baremetal, ports: [{address: "52:54:00:a1:04:01"}]}\n', 'reclaim compute-4');
    assert.match(out, /node compute-4: Draining; blocked: drain failed: 1 server\(s\) did not leave compute-4 after 3 attempts; db-1: the server is still ACTIVE on compute-4: Error/);
    assert.deepEqual(serversOf(source).filter((s) => s.name === 'db-1').map((s) => s.host), ['compute-4'], 'the server stays where it was');
    assert.ok(computeServices(source).get('compute-4'), 'the node is not removed while a server is on it');
    assert.equal(computeServices(source).get('compute-4')?.status, 'disabled');
  } finally {
    source.progression.set('migration', { type: 'immediate' });
    source.progression.clearFailures('migration');
  }
  // The next commit retries; with Nova healthy again the node empties and goes.
  const out = await reclaim('  - host: compute-4\n    stage: removed\n    drain: live-migrate\n    bmc: {driver: ipmi, address: 127.0.0.1, username: admin, passwordEnv: UNUSED}\n    ironic: {driver: ipmi, resourceClass: baremetal, ports: [{address: "52:54:00:a1:04:01"}]}\n# retry\n', 'retry compute-4');
  assert.match(out, /node compute-4: Removed/, out.split('\n').filter((l) => l.includes('compute-4')).join('\n'));
});

test('Ironic cannot verify the BMC with a wrong password: blocked with last_error, and the node is enrolled once', async () => {
  const source = rig().sim.cloud('source');
  const url = bmcEndpoint(source, 'compute-3')!.url;
  const node = (passwordEnv: string) => `  - host: compute-3\n    stage: enrolled\n    bmc: {driver: redfish, address: "${url}", systemId: /redfish/v1/Systems/compute-3, username: root, passwordEnv: ${passwordEnv}, verifyTls: false}\n    ironic: {driver: redfish, resourceClass: baremetal, ports: [{address: "52:54:00:a1:03:01"}]}\n`;
  const out = await reclaim(node('STACKSHIFT_TEST_WRONG_BMC_PASSWORD'), 'compute-3 with a wrong password');
  // The BMC itself refuses the power step before Ironic is asked.
  assert.match(out, /node compute-3: Removed; blocked: power failed: the BMC of compute-3 \(redfish .*\) refused user root \(HTTP 401\)/);
  assert.ok(!out.includes('not-the-right-one'), 'the password is never printed');
  const destination = rig().sim.cloud('destination');
  assert.equal(nodes(destination).values().filter((n) => n.name === 'compute-3').length, 0, 'nothing is enrolled with credentials the BMC refuses');
  const log = await stateText(rig());
  assert.ok(!log.includes('not-the-right-one'));
});


test('a dead node is forced down and evacuated; the orphaned source allocations block it with the exact commands, and it goes once they are dropped', async () => {
  const source = rig().sim.cloud('source');
  const service = computeServices(source).get('compute-2')!;
  const onIt = serversOf(source).filter((s) => s.host === 'compute-2');
  assert.ok(onIt.length > 0);
  const provider = source.hosts.get('compute-2')!.id;
  const node = '  - host: compute-2\n    stage: removed\n    bmc: {driver: ipmi, address: 127.0.0.1, username: admin, passwordEnv: UNUSED}\n    ironic: {driver: ipmi, resourceClass: baremetal, ports: [{address: "52:54:00:a1:02:01"}]}\n';
  service.state = 'down'; // the node died: nova-compute stopped reporting
  try {
    const out = await reclaim(node, 'reclaim the dead compute-2');
    const lines = out.split('\n').filter((l) => l.includes('compute-2')).join('\n');
    for (const s of onIt) assert.ok(serversOf(source).some((x) => x.id === s.id && x.host !== 'compute-2'), `${s.name} was evacuated`);
    // Nova leaves each evacuated server's allocation on the dead source: the node is not empty.
    assert.deepEqual(source.hosts.allocationsOn('compute-2').map((a) => a.consumer).sort(), onIt.map((s) => s.id).sort());
    assert.match(out, new RegExp(`node compute-2: Draining; blocked: drain failed: compute-2 runs no server, but Placement still holds ${onIt.length} orphaned allocation\\(s\\) against its resource provider ${provider}: server `), lines);
    for (const s of onIt) {
      assert.ok(out.includes(`server ${s.name} (${s.id}, now ACTIVE on `), lines);
      assert.ok(out.includes(`\`openstack --os-placement-api-version 1.12 resource provider allocation unset --provider ${provider} ${s.id}\``), lines);
    }
    assert.ok(computeServices(source).get('compute-2'), 'nothing is removed while allocations are left');
    const log = await stateText(rig());
    assert.match(log, /"type":"NodeServiceForcedDown"/);
    assert.match(log, /"how":"evacuate"/);
    // The operator runs the commands: osc-placement reads the consumer's allocations and writes
    // them back without the dead provider.
    const admin = await adminClient();
    for (const s of onIt) {
      const current = (await admin.request<{ allocations: Record<string, unknown>; project_id: string; user_id: string; consumer_generation: number }>({ service: 'placement', method: 'GET', path: `/allocations/${s.id}`, microversion: '1.28' })).body;
      assert.deepEqual(Object.keys(current.allocations).length, 2, 'the source and the destination');
      delete current.allocations[provider];
      await admin.request({ service: 'placement', method: 'PUT', path: `/allocations/${s.id}`, microversion: '1.28', body: current });
    }
    assert.equal(source.hosts.allocationsOn('compute-2').length, 0);
    const again = await reclaim(`${node}# allocations dropped\n`, 'retry compute-2');
    assert.match(again, /node compute-2: Removed/, again.split('\n').filter((l) => l.includes('compute-2')).join('\n'));
    assert.equal(source.hosts.get('compute-2'), undefined, 'with no allocation left Nova deletes the resource provider too');
  } finally {
    service.state = 'up';
  }
});

/** An admin client of the source cloud, as an operator's `openstack` CLI would be. */
async function adminClient() {
  const cloud = await loadCloudConfig('src-admin', { env: { OS_CLIENT_CONFIG_FILE: rig().cloudsYaml, HOME: rig().dir }, cwd: rig().dir, systemDir: rig().dir });
  return createOpenStackClient(cloud);
}

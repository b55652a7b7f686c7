/**
 * Node reclaim when the clouds do not cooperate: a live migration that fails (the server stays on
 * the node: retried, then the node is blocked with Nova's reason and nothing after the drain
 * happens), and Ironic's verification failing with wrong BMC credentials (blocked with
 * last_error, enrolled once, never twice). Each test restores the simulator's progression.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeServices } from '../../src/simulator/nova/store.js';
import { nodes } from '../../src/simulator/ironic/store.js';
import { bmcEndpoint } from '../../src/simulator/redfish/index.js';
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


test('a node whose compute service is down is forced down and its servers evacuated, then removed', async () => {
  const source = rig().sim.cloud('source');
  const service = computeServices(source).get('compute-2')!;
  const onIt = serversOf(source).filter((s) => s.host === 'compute-2').map((s) => s.name);
  assert.ok(onIt.length > 0);
  service.state = 'down'; // the node died: nova-compute stopped reporting
  try {
    const out = await reclaim('  - host: compute-2\n    stage: removed\n    bmc: {driver: ipmi, address: 127.0.0.1, username: admin, passwordEnv: UNUSED}\n    ironic: {driver: ipmi, resourceClass: baremetal, ports: [{address: "52:54:00:a1:02:01"}]}\n', 'reclaim the dead compute-2');
    const lines = out.split('\n').filter((l) => l.includes('compute-2')).join('\n');
    assert.match(out, /node compute-2: Removed/, lines);
    for (const name of onIt) assert.ok(serversOf(source).some((s) => s.name === name && s.host !== 'compute-2'), `${name} was evacuated`);
    const log = await stateText(rig());
    assert.match(log, /"type":"NodeServiceForcedDown"/);
    assert.match(log, /"how":"evacuate"/);
  } finally {
    service.state = 'up';
  }
});

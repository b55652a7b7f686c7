/**
 * A live migration that stalls (its copy never converges): after reclaim.yaml's moveTimeout the
 * drain aborts it through Nova (DELETE /servers/{id}/migrations/{mid}), records the abort, and the
 * server stays ACTIVE on its node; after three attempts the node is blocked with the reason. The
 * simulator's stall is cleared in a finally; the next commit then empties and removes the node.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeServices, migrations } from '../../src/simulator/nova/store.js';
import { serversOf } from '../workloads/rig.js';
import { commitReclaim, stateText, useNodeRig } from './nodeRig.js';

const rig = useNodeRig();

const compute4 = (extra = '') => `version: 1\nmoveTimeout: 2s\nnodes:
  - host: compute-4
    stage: removed
    drain: live-migrate
    bmc: {driver: ipmi, address: 127.0.0.1, username: admin, passwordEnv: UNUSED}
    ironic: {driver: ipmi, resourceClass: baremetal, ports: [{address: "52:54:00:a1:04:01"}]}
${extra}`;

test('a stalled live migration times out, is aborted, the server stays on its node and the node reports it', async () => {
  const source = rig().sim.cloud('source');
  const onIt = serversOf(source).filter((s) => s.host === 'compute-4');
  assert.equal(onIt.length, 1, 'the scenario has one server on compute-4');
  const server = onIt[0]!;
  source.progression.stallNext('migration', 'running', 10);
  // Nova casts the abort to the compute host, which rolls back after the 202 and marks the
  // migration cancelled last: here each step takes 3 s, longer than moveTimeout, so a drain that
  // moved on once the server's task was cleared would meet the old migration still `running`.
  source.progression.set('migration-abort', { type: 'time', ms: 3000 });
  try {
    const out = await commitReclaim(rig(), compute4(), 'reclaim compute-4 with a 2 s move timeout');
    const lines = out.split('\n').filter((l) => l.includes('compute-4')).join('\n');
    assert.match(out, new RegExp(`node compute-4: Draining; blocked: drain failed: 1 server\\(s\\) did not leave compute-4 after 3 attempts; ${server.name}: the live migration stalled \\(migration \\d+ still running, [\\d.]+ of [\\d.]+ GiB copied after 2 s\\) and was aborted; the server is ACTIVE on compute-4`), lines);
    const now = serversOf(source).find((s) => s.id === server.id)!;
    assert.equal(now.host, 'compute-4', 'the server stays on its source');
    assert.equal(now.taskState, null);
    assert.equal(now.vmState, 'active');
    const tries = migrations(source).values().filter((m) => m.instanceUuid === server.id);
    assert.deepEqual(tries.map((m) => m.status), ['cancelled', 'cancelled', 'cancelled'], 'each attempt was aborted through Nova');
    assert.equal(source.hosts.allocationsOn('compute-4').map((a) => a.id).join(), server.id, 'no destination allocation is left by an aborted migration');
    assert.ok(computeServices(source).get('compute-4'), 'the node is not removed');
    const log = await stateText(rig());
    assert.equal((log.match(/"type":"NodeMoveAborted"/g) ?? []).length, 3);
    assert.match(log, /"type":"NodeMoveAborted"[^{]*"data":\{"server":"[^"]+","name":"[^"]+","afterMs":2000,"migration":\d+,"status":"running","copied":"4\.0 of 8\.0 GiB","stayed":true\}/);
  } finally {
    source.progression.clearStalls('migration');
    source.progression.set('migration-abort', { type: 'immediate' });
  }
  const out = await commitReclaim(rig(), compute4('# retry\n'), 'retry compute-4');
  assert.match(out, /node compute-4: Removed/, out.split('\n').filter((l) => l.includes('compute-4')).join('\n'));
});

/**
 * Reverting the reclaim of a dead node after its servers were evacuated: Nova refuses to lift the
 * force-down while the evacuations are `done` (bug 1922053), so the node is blocked saying its
 * compute must start again; once it has (which also drops the evacuations' allocations there),
 * the next commit enables it. The simulated outage is undone in a finally.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { restartCompute } from '../../src/simulator/nova/computeHosts.js';
import { computeServices } from '../../src/simulator/nova/store.js';
import { commitReclaim, useNodeRig } from './nodeRig.js';

const rig = useNodeRig();

const node = '  - host: compute-2\n    stage: removed\n    bmc: {driver: ipmi, address: 127.0.0.1, username: admin, passwordEnv: UNUSED}\n    ironic: {driver: ipmi, resourceClass: baremetal, ports: [{address: "52:54:00:a1:02:01"}]}\n';
const linesOf = (out: string) => out.split('\n').filter((l) => l.includes('compute-2')).join('\n');

test('a reverted, evacuated node waits for its compute to start again before it is forced up and enabled', async () => {
  const source = rig().sim.cloud('source');
  const service = computeServices(source).get('compute-2')!;
  service.state = 'down';
  try {
    const out = await commitReclaim(rig(), `version: 1\nnodes:\n${node}`, 'reclaim the dead compute-2');
    assert.match(out, /orphaned allocation/, linesOf(out));
    const reverted = await commitReclaim(rig(), 'version: 1\nnodes: []\n', 'revert: keep compute-2');
    assert.match(reverted, /node compute-2: .*blocked: Nova keeps compute-2 forced down: .*Unable to force up host compute-2 as `done` evacuation migration records remain/, linesOf(reverted));
    assert.equal(computeServices(source).get('compute-2')?.forcedDown, true);
    restartCompute(source, 'compute-2');
    assert.equal(source.hosts.allocationsOn('compute-2').length, 0, 'starting, the compute dropped the evacuations\' allocations');
    const again = await commitReclaim(rig(), 'version: 1\nnodes: []\n# compute-2 is back\n', 'retry the revert');
    assert.match(again, /reverted: compute-2's compute service is enabled again/, linesOf(again));
    const now = computeServices(source).get('compute-2')!;
    assert.deepEqual([now.forcedDown, now.status], [false, 'enabled']);
  } finally {
    service.state = 'up';
    service.forcedDown = false;
    service.status = 'enabled';
  }
});

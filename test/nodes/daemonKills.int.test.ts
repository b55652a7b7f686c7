/**
 * The daemon SIGKILLed again and again while it reclaims three nodes (every cloud request slowed,
 * so kills land in every step: capacity check, disable, drain, removal, power, enrol, inspect,
 * provide). After a last apply every node is where its stage says, nothing is enrolled twice, no
 * server moved twice or onto a node being reclaimed, and the BMC shows PXE next and power off.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as status } from '../../src/commands/status.js';
import { nodes, ironicPorts } from '../../src/simulator/ironic/store.js';
import { computeServices, migrations } from '../../src/simulator/nova/store.js';
import { bmcEndpoint } from '../../src/simulator/redfish/index.js';
import { machines } from '../../src/simulator/redfish/registry.js';
import { captureOutput } from '../apply/harness.js';
import { killRepeatedly } from '../workloads/daemonRun.js';
import { serversOf } from '../workloads/rig.js';
import { applyRepo, useNodeRig } from './nodeRig.js';

process.env.STACKSHIFT_BMC_COMPUTE3_PASSWORD = 'kill-test-bmc-pw';

const STEPS = ['check-capacity', 'disable-service', 'drain', 'remove-service', 'power', 'enroll', 'inspect', 'provide'];
const RECLAIMED = ['compute-2', 'compute-3', 'compute-4'];

const rig = useNodeRig({
  confirmations: '[{action: wipe-node, target: compute-3}]',
  prepare: async (r) => {
    const url = bmcEndpoint(r.sim.cloud('source'), 'compute-3')!.url;
    await writeFile(join(r.repo.dir, 'reclaim.yaml'), `version: 1
movesAtOnce: 1
nodes:
  - host: compute-2
    stage: removed
    drain: cold-migrate
    bmc: {driver: ipmi, address: 127.0.0.1, port: 6230, username: admin, passwordEnv: UNUSED}
    ironic: {driver: ipmi, resourceClass: baremetal.compute, ports: [{address: "52:54:00:a1:02:01"}]}
  - host: compute-3
    stage: available
    bmc: {driver: redfish, address: "${url}", systemId: /redfish/v1/Systems/compute-3, username: root, passwordEnv: STACKSHIFT_BMC_COMPUTE3_PASSWORD, verifyTls: false}
    ironic: {driver: redfish, resourceClass: baremetal.compute, ports: [{address: "52:54:00:a1:03:01"}]}
  - host: compute-4
    stage: quiesced
    bmc: {driver: ipmi, address: 127.0.0.1, port: 6231, username: admin, passwordEnv: UNUSED}
    ironic: {driver: ipmi, resourceClass: baremetal.compute, ports: [{address: "52:54:00:a1:04:01"}]}
`);
    execFileSync('git', ['-C', r.repo.dir, 'commit', '-qam', 'reclaim three nodes']);
  },
});

async function nodeConditions(state: string): Promise<Record<string, string>> {
  const out = captureOutput();
  await status(['--state', state, '--format', 'json'], out);
  const parsed = JSON.parse(out.text()) as { nodes: Record<string, { condition: string }> };
  return Object.fromEntries(Object.entries(parsed.nodes ?? {}).map(([k, v]) => [k, v.condition]));
}

test('SIGKILLs across every node step: each node ends where its stage says, nothing twice', { timeout: 300_000 }, async (t) => {
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const state = join(rig().dir, 'state');
  const moving = serversOf(source).filter((s) => RECLAIMED.includes(s.host ?? '')).map((s) => s.id);
  const slow = [source, destination].map((c) => c.faults.inject({ latencyMs: 15 }));
  let run: { kills: number; killedIn: Set<string> };
  try {
    run = await killRepeatedly(rig(), state, {
      steps: STEPS, rounds: 40, pause: (round) => (round * 7) % 40,
      done: async () => Object.values(await nodeConditions(state)).filter((c) => c === 'Ready').length === RECLAIMED.length,
    });
  } finally {
    for (const f of slow) f.remove();
  }
  const { kills, killedIn } = run;
  t.diagnostic(`${kills} kills; killed during: ${[...killedIn].sort().join(', ')}`);
  const out = await applyRepo(rig());
  const lines = out.split('\n').filter((l) => /node /.test(l)).join('\n');
  assert.match(out, /node compute-2: Removed/, lines);
  assert.match(out, /node compute-3: Available/, lines);
  assert.match(out, /node compute-4: Quiesced/, lines);
  assert.ok(killedIn.size >= 4, `kills landed in several steps (${[...killedIn].join(', ')})`);

  assert.equal(computeServices(source).get('compute-2'), undefined);
  assert.equal(computeServices(source).get('compute-4')?.status, 'disabled');
  assert.deepEqual(serversOf(source).filter((s) => RECLAIMED.includes(s.host ?? '')).map((s) => s.name), [], 'no server on a reclaimed node');
  for (const id of moving) {
    const moves = migrations(source).values().filter((m) => m.instanceUuid === id && ['completed', 'confirmed', 'finished'].includes(m.status));
    assert.ok(moves.length <= 1, `server ${id} moved ${moves.length} times`);
  }
  const enrolled = nodes(destination).values().filter((n) => n.name === 'compute-3');
  assert.equal(enrolled.length, 1, 'enrolled once');
  assert.equal(enrolled[0]?.provisionState, 'available');
  assert.equal(ironicPorts(destination).values().filter((p) => p.address === '52:54:00:a1:03:01').length, 1, 'its port once');
  const machine = machines(source).get('compute-3')!;
  assert.equal(machine.powerState, 'Off');
});

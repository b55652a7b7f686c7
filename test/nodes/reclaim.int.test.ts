/**
 * Node reclaim end to end on the simulated clouds, through `stackshift apply` with the real
 * Redfish client against the simulator's BMC over TLS: compute-4 is only emptied (cold-migrate),
 * compute-2 is emptied and removed, and compute-3 goes all the way — emptied, removed, its next
 * boot set to PXE and powered off through its BMC, enrolled and made available in the
 * destination's Ironic (with a wipe-node confirmation), and scaled out by its hook until a
 * hypervisor for it appears. No server lands on another node being reclaimed, the BMC password is
 * never written to the event log, and a revert of compute-4 enables its service again.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { bmcEndpoint } from '../../src/simulator/redfish/index.js';
import { machines } from '../../src/simulator/redfish/registry.js';
import { computeServices } from '../../src/simulator/nova/store.js';
import { nodes } from '../../src/simulator/ironic/store.js';
import { serversOf } from '../workloads/rig.js';
import { applyRepo, useNodeRig } from './nodeRig.js';

const SECRET = 'bmc-s3cret-for-compute-3';
process.env.STACKSHIFT_BMC_COMPUTE3_PASSWORD = SECRET;

function reclaimYaml(redfishUrl: string, hook: string, nodesWanted = ['compute-2', 'compute-3', 'compute-4']): string {
  const all: Record<string, string> = {
    'compute-2': `  - host: compute-2
    stage: removed
    drain: live-migrate
    bmc: {driver: ipmi, address: 127.0.0.1, port: 6230, username: admin, passwordFile: /nonexistent/never-read}
    ironic: {driver: ipmi, resourceClass: baremetal.compute, ports: [{address: "52:54:00:a1:02:01"}]}
`,
    'compute-3': `  - host: compute-3
    stage: deployed
    drain: live-migrate
    scaleOutHook: ${hook}
    bmc: {driver: redfish, address: "${redfishUrl}", systemId: /redfish/v1/Systems/compute-3, username: root, passwordEnv: STACKSHIFT_BMC_COMPUTE3_PASSWORD, verifyTls: false}
    ironic:
      driver: redfish
      resourceClass: baremetal.compute
      properties: {cpus: 32, memory_mb: 262144, local_gb: 900, cpu_arch: x86_64}
      ports: [{address: "52:54:00:a1:03:01"}]
`,
    'compute-4': `  - host: compute-4
    stage: quiesced
    drain: cold-migrate
    bmc: {driver: ipmi, address: 127.0.0.1, port: 6231, username: admin, passwordEnv: STACKSHIFT_BMC_COMPUTE4_PASSWORD}
    ironic: {driver: ipmi, resourceClass: baremetal.compute, ports: [{address: "52:54:00:a1:04:01"}]}
`,
  };
  return `version: 1\nheadroomPercent: 10\nmovesAtOnce: 2\nnodes:\n${nodesWanted.map((n) => all[n]).join('')}`;
}

const rig = useNodeRig({
  control: true,
  confirmations: '[{action: wipe-node, target: compute-3, reason: disks hold nothing of value}]',
  prepare: async (r) => {
    await mkdir(join(r.dir, 'state', 'hooks'), { recursive: true });
    const hook = join(r.dir, 'state', 'hooks', 'scale-out');
    // The deployment tool's part: the node joins the destination as a compute host.
    await writeFile(hook, `#!/bin/sh\ncat > "${join(r.dir, 'hook-stdin.json')}"\nexec node -e "fetch('${r.sim.controlUrl}/destination/hosts', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({name: process.env.STACKSHIFT_NODE_HOST})}).then((res) => process.exit(res.ok ? 0 : 1))"\n`);
    await chmod(hook, 0o755);
    const url = bmcEndpoint(r.sim.cloud('source'), 'compute-3')!.url;
    await writeFile(join(r.repo.dir, 'reclaim.yaml'), reclaimYaml(url, 'scale-out'));
    execFileSync('git', ['-C', r.repo.dir, 'commit', '-qam', 'reclaim compute-2, -3 and -4']);
  },
});

const applied = () => applyRepo(rig());

const hostsOf = (names: string[]) => serversOf(rig().sim.cloud('source')).filter((s) => names.includes(s.host ?? ''));

test('apply reclaims three nodes each as far as its stage says, and nothing lands on a reclaimed node', async () => {
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const reclaimed = ['compute-2', 'compute-3', 'compute-4'];
  const before = hostsOf(reclaimed).map((s) => s.name).sort();
  assert.ok(before.length >= 3, `servers start on the reclaimed nodes (${before.join(', ')})`);
  const out = await applied();
  const lines = out.split('\n').filter((l) => /node|compute-/.test(l)).join('\n');

  assert.deepEqual(hostsOf(reclaimed), [], `no server is left on or moved to a reclaimed node\n${lines}`);
  for (const name of before) assert.ok(serversOf(source).some((s) => s.name === name && ['compute-0', 'compute-1'].includes(s.host ?? '')), `${name} runs on a host that stays`);
  assert.ok(serversOf(source).filter((s) => before.includes(s.name)).every((s) => s.taskState === null && s.vmState !== 'resized'), 'cold migrations are confirmed');

  const c4 = computeServices(source).get('compute-4');
  assert.equal(c4?.status, 'disabled', lines);
  assert.match(c4?.disabledReason ?? '', /^stackshift: reclaim [0-9a-f]{12}$/);
  assert.equal(computeServices(source).get('compute-2'), undefined, 'compute-2 is removed from the source');
  assert.equal(computeServices(source).get('compute-3'), undefined);

  const ironicNode = nodes(destination).values().find((n) => n.name === 'compute-3');
  assert.equal(ironicNode?.provisionState, 'available', lines);
  assert.equal(ironicNode?.resourceClass, 'baremetal.compute');
  assert.equal(nodes(destination).values().filter((n) => n.name === 'compute-3').length, 1);
  const machine = machines(source).get('compute-3')!;
  assert.equal(machine.powerState, 'Off');
  assert.equal(machine.lastBootSource, 'Pxe');
  assert.ok(computeServices(destination).get('compute-3'), 'the scale-out hook made compute-3 a hypervisor in the destination');
  const stdin = JSON.parse(await readFile(join(rig().dir, 'hook-stdin.json'), 'utf8'));
  assert.equal(stdin.host, 'compute-3');
  assert.equal(stdin.bmc.passwordEnv, 'STACKSHIFT_BMC_COMPUTE3_PASSWORD', 'the hook gets the password reference, not the password');
  assert.match(out, /node compute-3: Deployed; deployed: compute-3 runs as hypervisor compute-3/);
  assert.match(out, /node compute-4: Quiesced; quiesced/);

  for (const file of await readdir(join(rig().dir, 'state'), { recursive: true })) {
    const text = await readFile(join(rig().dir, 'state', String(file)), 'utf8').catch(() => '');
    assert.ok(!text.includes(SECRET), `the BMC password is not in ${String(file)}`);
  }
  assert.ok(!out.includes(SECRET), 'nor in the output');

  const again = await applied();
  assert.equal(nodes(destination).values().filter((n) => n.name === 'compute-3').length, 1, 'a second apply enrols nothing twice');
  assert.match(again, /node compute-2: Removed/);
});

test('reverting compute-4 enables its compute service again; its servers stay where they went', async () => {
  const source = rig().sim.cloud('source');
  const moved = serversOf(source).filter((s) => ['compute-0', 'compute-1'].includes(s.host ?? '')).map((s) => `${s.name}@${s.host}`).sort();
  await writeFile(join(rig().repo.dir, 'reclaim.yaml'), reclaimYaml(bmcEndpoint(source, 'compute-3')!.url, 'scale-out', ['compute-2', 'compute-3']));
  execFileSync('git', ['-C', rig().repo.dir, 'commit', '-qam', 'revert compute-4']);
  const out = await applied();
  assert.equal(computeServices(source).get('compute-4')?.status, 'enabled', out.split('\n').filter((l) => /compute-4/.test(l)).join('\n'));
  assert.match(out, /node compute-4: .*reverted: compute-4's compute service is enabled again/);
  assert.deepEqual(serversOf(source).filter((s) => ['compute-0', 'compute-1'].includes(s.host ?? '')).map((s) => `${s.name}@${s.host}`).sort(), moved);
});

test('a node whose BMC password file is missing is blocked at its preflight, naming the file and line, and nothing changes', async () => {
  const source = rig().sim.cloud('source');
  const yaml = reclaimYaml(bmcEndpoint(source, 'compute-3')!.url, 'scale-out', ['compute-2', 'compute-3'])
    + '  - host: compute-4\n    stage: enrolled\n    bmc: {driver: ipmi, address: 127.0.0.1, port: 6231, username: admin, passwordFile: /nonexistent/compute-4}\n    ironic: {driver: ipmi, resourceClass: baremetal.compute, ports: [{address: "52:54:00:a1:04:01"}]}\n';
  await writeFile(join(rig().repo.dir, 'reclaim.yaml'), yaml);
  execFileSync('git', ['-C', rig().repo.dir, 'commit', '-qam', 'compute-4 all the way, without its password']);
  const out = await applied();
  assert.match(out, /node compute-4: InService; blocked: check-capacity failed: cannot read the BMC password file of compute-4 at \/nonexistent\/compute-4: ENOENT \(reclaim\.yaml:\d+\); nothing was changed/);
  assert.equal(computeServices(source).get('compute-4')?.status, 'enabled', 'compute-4 is not disabled');
});

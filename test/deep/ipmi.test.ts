/**
 * IPMI for real: the ipmitool client against OpenIPMI's ipmi_sim on loopback (Debian packages
 * ipmitool and openipmi, installed by .ci/run). Power and boot device are checked on the BMC's
 * side; a wrong password fails for good with a message that names the password's reference and
 * not the password; an unreachable BMC fails for now (retried); the password never appears in
 * ipmitool's command line (a wrapper records the argv it was given, then runs the real one).
 * Then compute-2 is reclaimed through `stackshift apply` with its BMC on ipmi_sim: removed from
 * the source, PXE next and powered off on the BMC, enrolled and manageable in the destination.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ipmitoolBmc } from '../../src/executors/bmc/ipmitool.js';
import { StackshiftError } from '../../src/errors.js';
import { startIpmiSim, type IpmiSimBmc } from '../../src/simulator/ipmi/ipmiSim.js';
import { nodes } from '../../src/simulator/ironic/store.js';
import { computeServices } from '../../src/simulator/nova/store.js';
import { machines } from '../../src/simulator/redfish/registry.js';
import { applyRepo, stateText, useNodeRig } from '../nodes/nodeRig.js';

const PASSWORD = 'ipmi-s3cret-c2'; // IPMI passwords hold at most 16 bytes (20 in IPMI 2.0)
let bmc: IpmiSimBmc;
let work: string;
before(async () => {
  bmc = await startIpmiSim({ username: 'admin', password: PASSWORD });
  work = await mkdtemp(join(tmpdir(), 'stackshift-ipmi-test-'));
});
after(async () => {
  await bmc?.close();
  await rm(work, { recursive: true, force: true });
});

const config = (port: number) => ({ driver: 'ipmi' as const, address: '127.0.0.1', port, username: 'admin', passwordFile: '/run/secrets/compute-2' });

test('ipmitool powers the node and sets PXE boot, as the BMC itself reports', async () => {
  const argvLog = join(work, 'argv.log');
  const wrapper = join(work, 'ipmitool');
  await writeFile(wrapper, `#!/bin/sh\necho "$@" >> '${argvLog}'\nexec ipmitool "$@"\n`);
  await chmod(wrapper, 0o755);
  const client = ipmitoolBmc('compute-2', config(bmc.port), async () => PASSWORD, { binary: wrapper });
  await client.power('on');
  assert.equal(await bmc.powerState(), 'on');
  assert.equal(await client.powerState(), 'on');
  await client.setBootDevice('pxe');
  assert.equal(await bmc.bootDevice(), 'pxe');
  assert.equal(await client.bootDevice(), 'pxe');
  await client.power('off');
  assert.equal(await bmc.powerState(), 'off');
  assert.equal(await client.powerState(), 'off');
  await client.power('on');
  assert.equal(await bmc.powerState(), 'on');
  const argv = await readFile(argvLog, 'utf8');
  assert.match(argv, /-I lanplus -C 3 -H 127\.0\.0\.1 -p \d+ -U admin -E/);
  assert.ok(!argv.includes(PASSWORD), 'the password is never on the command line');
});

test('a wrong password fails for good without showing it; an unreachable BMC fails for now', async () => {
  const wrong = ipmitoolBmc('compute-2', config(bmc.port), async () => 'not-the-password');
  const refused = await wrong.powerState().then(() => undefined, (e: unknown) => e);
  assert.ok(refused instanceof StackshiftError);
  assert.equal(refused.retry, 'never');
  assert.match(refused.message, /refused user admin: RAKP 2 HMAC is invalid/);
  assert.match(refused.hint ?? '', /\/run\/secrets\/compute-2/);
  assert.ok(!`${refused.message} ${refused.hint}`.includes('not-the-password'));

  const nowhere = ipmitoolBmc('compute-2', config(bmc.port + 1), async () => PASSWORD, { timeoutMs: 20_000 });
  const unreachable = await nowhere.powerState().then(() => undefined, (e: unknown) => e);
  assert.ok(unreachable instanceof StackshiftError);
  assert.equal(unreachable.retry, 'later');
});

const rig = useNodeRig();

test('apply reclaims compute-2 through its IPMI BMC: removed, PXE and off on the BMC, enrolled in Ironic', async () => {
  const source = rig().sim.cloud('source');
  // The simulated Ironic verifies a BMC through the machine it stands for: point it at ipmi_sim.
  const machine = machines(source).get('compute-2')!;
  machine.seededPort = bmc.port;
  machine.password = PASSWORD;
  const secret = join(rig().dir, 'compute-2.password');
  await writeFile(secret, `${PASSWORD}\n`, { mode: 0o600 });
  await writeFile(join(rig().repo.dir, 'reclaim.yaml'), `version: 1\nnodes:\n  - host: compute-2\n    stage: enrolled\n    bmc: {driver: ipmi, address: 127.0.0.1, port: ${bmc.port}, username: admin, passwordFile: ${secret}}\n    ironic: {driver: ipmi, resourceClass: baremetal.compute, ports: [{address: "52:54:00:a1:02:01"}]}\n`);
  execFileSync('git', ['-C', rig().repo.dir, 'commit', '-qam', 'reclaim compute-2 over IPMI']);
  await ipmitoolBmc('compute-2', config(bmc.port), async () => PASSWORD).power('on');
  const out = await applyRepo(rig());
  const lines = out.split('\n').filter((l) => l.includes('compute-2')).join('\n');
  assert.match(out, /node compute-2: Enrolled; enrolled: compute-2 is manageable in the destination's Ironic/, lines);
  assert.equal(computeServices(source).get('compute-2'), undefined, 'removed from the source');
  assert.equal(await bmc.powerState(), 'off', 'powered off, as the BMC says');
  assert.equal(await bmc.bootDevice(), 'pxe', 'next boot from PXE, as the BMC says');
  const enrolled = nodes(rig().sim.cloud('destination')).values().filter((n) => n.name === 'compute-2');
  assert.equal(enrolled.length, 1);
  assert.equal(enrolled[0]?.provisionState, 'manageable');
  assert.ok(!out.includes(PASSWORD));
  const log = await stateText(rig());
  assert.ok(!log.includes(PASSWORD), 'the password is not in the event log');
});


/**
 * Cold migration end to end on the simulated clouds through in-process conversion hosts: the
 * example's four workloads (boot from image with and without the root disk copied, boot from
 * volume with a data volume) are migrated by `stackshift apply`; every destination disk holds the
 * source's bytes, ports keep their MACs and IPs, nothing is made twice, no temporary is left, the
 * sources stay SHUTOFF; a second apply changes nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import { captureOutput } from '../apply/harness.js';
import { fileSha256, portsOf, serversOf, temporariesIn, volumesOf, useWorkloadRig } from './rig.js';

const rig = useWorkloadRig();

const WORKLOADS = ['web-1', 'web-2', 'app-1', 'db-1'];

async function applyUntilMigrated(state: string, rounds = 5): Promise<string> {
  let text = '';
  for (let i = 0; i < rounds; i++) {
    const out = captureOutput();
    await apply(['--repo', rig().repo.dir, '--state', state], out);
    text = out.text();
    if (WORKLOADS.every((w) => new RegExp(`workload ${w} \\(wave \\d\\): Migrated`).test(text))) return text;
  }
  throw new Error(`workloads did not migrate:\n${text}`);
}

test('apply migrates the example workloads: same bytes, same MACs and IPs, nothing twice, no temporaries', async () => {
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const state = join(rig().dir, 'state');
  await applyUntilMigrated(state);

  for (const name of WORKLOADS) {
    const srcServer = serversOf(source).find((s) => s.name === name)!;
    assert.equal(srcServer.powerState === 1 ? 'running' : 'stopped', 'stopped', `${name} stays SHUTOFF in the source`);
    const dstServers = serversOf(destination).filter((s) => s.name === name);
    assert.equal(dstServers.length, 1, `one ${name} in the destination`);
    const dst = dstServers[0]!;
    const srcPorts = portsOf(source).filter((p) => p.device_id === srcServer.id);
    const dstPorts = portsOf(destination).filter((p) => p.device_id === dst.id);
    assert.deepEqual(dstPorts.map((p) => [p.mac_address, p.fixed_ips.map((f) => f.ip_address)]), srcPorts.map((p) => [p.mac_address, p.fixed_ips.map((f) => f.ip_address)]), `${name}'s ports`);
  }
  for (const v of volumesOf(source).filter((x) => /^(db-1|app-1)-/.test(x.name ?? ''))) {
    const copies = volumesOf(destination).filter((x) => x.name === v.name);
    assert.equal(copies.length, 1, `one ${v.name} in the destination`);
    assert.equal(await fileSha256(copies[0]!.backingFile), await fileSha256(v.backingFile), `${v.name} holds the source's bytes`);
  }
  const root = volumesOf(destination).find((x) => x.name === 'db-1-root')!;
  assert.equal(root.bootable, true);
  assert.ok(volumesOf(destination).some((x) => x.name === 'web-1-root'), 'web-1 booted from its copied root disk');
  assert.deepEqual(temporariesIn(source), []);

  const before = { servers: serversOf(destination).length, volumes: volumesOf(destination).length, ports: portsOf(destination).length };
  const again = await applyUntilMigrated(state, 1);
  assert.match(again, /workload db-1 \(wave 2\): Migrated/);
  assert.deepEqual({ servers: serversOf(destination).length, volumes: volumesOf(destination).length, ports: portsOf(destination).length }, before, 'a second apply makes nothing');
});


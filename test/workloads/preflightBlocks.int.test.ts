/**
 * Preflight blocks a workload before anything changes, with the line that selected it and what
 * to fix: a destination quota too small for its volumes, and a MAC address already held by a
 * port bound to another device. Their sources keep running; no volume, snapshot or port is made.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import * as neutron from '../../src/executors/openstack/neutron.js';
import { openCloud } from '../../src/wiring.js';
import { captureOutput } from '../apply/harness.js';
import { dropDetachedVolumes, serversOf, snapshotsOf, volumesOf, useWorkloadRig } from './rig.js';

const rig = useWorkloadRig({
  edit: async (dir) => {
    await dropDetachedVolumes(dir);
    await writeFile(join(dir, 'workloads.yaml'), 'version: 1\nworkloads: []\n');
  },
});

test('a quota too small and a MAC taken block the workload at preflight, and nothing is changed', async () => {
  const state = join(rig().dir, 'state');
  await apply(['--repo', rig().repo.dir, '--state', state], captureOutput());
  const dst = await openCloud('dst');
  const admin = await openCloud('dst-admin');
  try {
    const project = await dst.projectId();
    await admin.request({ service: 'volumev3', method: 'PUT', path: `/os-quota-sets/${project}`, body: { quota_set: { gigabytes: 15 } } });
    const [net] = (await neutron.listNetworks(dst, { name: 'web-net' })).filter((n) => n.name === 'web-net');
    await neutron.createPort(dst, { network_id: net!.id, name: 'someone-else', mac_address: 'fa:16:3e:65:9e:93', device_id: 'a-server-of-someone', device_owner: 'compute:nova' });
  } finally {
    await Promise.all([dst.close(), admin.close()]);
  }
  await writeFile(join(rig().repo.dir, 'workloads.yaml'), 'version: 1\ndefaults:\n  window: weeknights\n  conversionHostPair: pair-1\nworkloads:\n  - server: web-1\n    wave: 1\n    bootDiskCopy: true\n  - server: web-2\n    wave: 1\n');
  execFileSync('git', ['-C', rig().repo.dir, 'commit', '-qam', 'select web-1 and web-2']);

  const out = captureOutput();
  await apply(['--repo', rig().repo.dir, '--state', state], out);
  const text = out.text();
  assert.match(text, /workload web-1 \(wave 1\): Preflight; blocked: preflight failed: preflight of web-1 \(selected at workloads\.yaml:6\) failed: the destination's gigabytes quota is 15 with 0 used; this workload needs 20 more/);
  assert.match(text, /workload web-2 \(wave 1\): Preflight; blocked: preflight failed: preflight of web-2 \(selected at workloads\.yaml:9\) failed: MAC fa:16:3e:65:9e:93 is already used in the destination by port [0-9a-f-]+ \(device a-server-of-someone\)/);
  const source = rig().sim.cloud('source');
  for (const name of ['web-1', 'web-2']) assert.equal(serversOf(source).find((s) => s.name === name)?.powerState, 1, `${name} still runs`);
  assert.deepEqual(snapshotsOf(source), [], 'no snapshot in the source');
  assert.deepEqual(volumesOf(rig().sim.cloud('destination')), [], 'no volume in the destination');
});

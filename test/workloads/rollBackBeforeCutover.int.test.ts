/**
 * `git revert` of a selection while its disks are being copied: the daemon aborts the copy, the
 * roll-back removes every snapshot, temporary and destination volume the migration made, and the
 * source server that stackshift stopped runs again.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { daemon, phases, stepWatch } from './daemonRun.js';
import { dropDetachedVolumes, serversOf, temporariesIn, volumesOf, useWorkloadRig } from './rig.js';

const rig = useWorkloadRig({
  edit: async (dir) => {
    await dropDetachedVolumes(dir);
    await writeFile(join(dir, 'workloads.yaml'), 'version: 1\nworkloads:\n  - server: app-1\n    wave: 1\n    stopSource: true\n');
    // 8 Mbit/s: app-1's 8 MiB of data takes about ten seconds to copy.
    const path = join(dir, 'stackshift.yaml');
    await writeFile(path, (await readFile(path, 'utf8')).replace('totalBandwidthMbps: 800', 'totalBandwidthMbps: 8'));
  },
});

test('deselected mid-copy, the workload rolls back: no temporaries, no destination volume, the source runs', { timeout: 120_000 }, async () => {
  const state = join(rig().dir, 'state');
  const d = daemon(rig(), state);
  try {
    assert.ok(await stepWatch(state).until('copy-disks', 60_000), `the copy started\n${d.log()}`);
    await sleep(1_000);
    assert.equal(serversOf(rig().sim.cloud('source')).find((s) => s.name === 'app-1')?.powerState, 4, 'stopped for the copy');
    await writeFile(join(rig().repo.dir, 'workloads.yaml'), 'version: 1\nworkloads: []\n');
    execFileSync('git', ['-C', rig().repo.dir, 'commit', '-qam', 'Revert "select app-1"']);
    const deadline = Date.now() + 60_000;
    while (!/^Ready/.test((await phases(state))['app-1'] ?? '') && Date.now() < deadline) await sleep(200);
    assert.match((await phases(state))['app-1'] ?? '', /^Ready/, d.log());
  } finally {
    d.child.kill('SIGTERM');
    await d.exited;
  }
  const source = rig().sim.cloud('source');
  assert.equal(serversOf(source).find((s) => s.name === 'app-1')?.powerState, 1, 'the source runs again');
  assert.deepEqual(temporariesIn(source), []);
  assert.deepEqual(volumesOf(rig().sim.cloud('destination')).map((v) => v.name), [], 'no destination volume is left');
  assert.match(d.log(), /no longer desired; stopping copy-disks/);
});

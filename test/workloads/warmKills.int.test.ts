/**
 * A warm migration whose daemon is SIGKILLed again and again — during the pre-copy, the release
 * of its snapshots, the stop and the cutover's delta pass. After a last restart db-1 runs in the
 * destination once, nothing is left behind, its disks hold the source's bytes, and the cutover
 * sent no chunk again: the guest wrote nothing after the pre-copy, so every chunk was unchanged.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LogFollower } from '../../src/events/logFollower.js';
import { eventLogDir } from '../../src/events/stateDir.js';
import type { StoredEvent } from '../../src/events/store.js';
import { daemon, killRepeatedly, phases } from './daemonRun.js';
import { dropDetachedVolumes, fileSha256, serversOf, temporariesIn, useWorkloadRig, volumesOf } from './rig.js';

const rig = useWorkloadRig({
  edit: async (dir) => {
    await dropDetachedVolumes(dir);
    await writeFile(join(dir, 'workloads.yaml'), 'version: 1\nworkloads:\n  - server: db-1\n    wave: 1\n    mode: warm\n    stopSource: true\n    window: weeknights\n');
    const path = join(dir, 'stackshift.yaml');
    // 48 Mbit/s: db-1's data takes a few seconds to copy, so kills land inside copies too.
    await writeFile(path, (await readFile(path, 'utf8')).replace('totalBandwidthMbps: 800', 'totalBandwidthMbps: 48'));
  },
});

const STEPS = ['prepare-disk', 'copy-disks', 'release-snapshots', 'stop-source', 'create-server'];

test('SIGKILLs through a warm pre-copy and cutover: one server, nothing left, same bytes, no chunk sent twice', { timeout: 300_000 }, async (t) => {
  const state = join(rig().dir, 'state');
  const slow = ['source', 'destination'].map((side) => rig().sim.cloud(side as 'source').faults.inject({ latencyMs: 20 }));
  const migrated = async () => (await phases(state))['db-1'] === 'Migrated';
  try {
    const run = await killRepeatedly(rig(), state, { steps: STEPS, rounds: 14, pause: (round) => (round * 37) % 300, done: migrated });
    t.diagnostic(`${run.kills} kills, during: ${[...run.killedIn].sort().join(', ')}`);
    assert.ok(run.kills >= 6, `the migration outlived several kills (${run.kills})`);
  } finally {
    for (const f of slow) f.remove();
  }
  const last = daemon(rig(), state);
  try {
    const deadline = Date.now() + 120_000;
    while (!(await migrated()) && Date.now() < deadline) await sleep(250);
    assert.ok(await migrated(), last.log());
  } finally {
    last.child.kill('SIGTERM');
    await last.exited;
  }
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  assert.equal(serversOf(destination).filter((s) => s.name === 'db-1').length, 1, 'one db-1 in the destination');
  assert.deepEqual(temporariesIn(source), []);
  for (const name of ['db-1-root', 'db-1-data']) {
    const copies = volumesOf(destination).filter((v) => v.name === name);
    assert.equal(copies.length, 1, `one ${name}`);
    assert.equal(await fileSha256(copies[0]!.backingFile), await fileSha256(volumesOf(source).find((v) => v.name === name)!.backingFile), `${name} holds the source's bytes`);
  }
  const events: StoredEvent[] = [];
  await new LogFollower(eventLogDir(state)).poll((e) => void (e.stream === 'workload:db-1' && events.push(e)));
  const stoppedAt = events.findIndex((e) => e.type === 'SourceServerStopped');
  assert.ok(stoppedAt > 0 && events.slice(0, stoppedAt).some((e) => e.type === 'DiskCopied'), 'pre-copied before the stop');
  const cutover = events.slice(stoppedAt);
  const sent = cutover.filter((e) => e.type === 'DiskCopyProgressed' || e.type === 'DiskCopied').reduce((max, e) => Math.max(max, Number(e.data.bytesSent)), 0);
  assert.equal(sent, 0, 'the cutover found every chunk unchanged and sent none');
});

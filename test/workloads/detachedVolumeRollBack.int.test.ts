/**
 * A detached volume removed from the snapshot (git revert) while its bytes are being copied: the
 * daemon stops the copy and the roll-back deletes its snapshot, temporary volume and the
 * destination volume stackshift made; the source volume is as it was. Meanwhile a volume whose
 * name a volume stackshift did not make already holds in the destination is blocked, says what
 * to do, and that volume is left as it is.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { run as status } from '../../src/commands/status.js';
import { LogFollower } from '../../src/events/logFollower.js';
import { newVolumeRecord } from '../../src/simulator/cinder/create.js';
import { projectByName } from '../../src/simulator/keystone/identity.js';
import { captureOutput } from '../apply/harness.js';
import { daemon } from './daemonRun.js';
import { fileSha256, useWorkloadRig, volumesOf } from './rig.js';
import { leftovers } from './volumeHelpers.js';

let foreignId = '';
const rig = useWorkloadRig({
  edit: async (dir) => {
    await writeFile(join(dir, 'workloads.yaml'), 'version: 1\nworkloads: []\n');
    // 8 Mbit/s shared by two copies: backup-vol's 8 MiB of data takes about sixteen seconds.
    const path = join(dir, 'stackshift.yaml');
    await writeFile(path, (await readFile(path, 'utf8')).replace('totalBandwidthMbps: 800', 'totalBandwidthMbps: 8'));
  },
  prepare: (r) => {
    // Someone's own archive-vol in the destination, made before stackshift ran.
    const c = r.sim.cloud('destination');
    foreignId = newVolumeRecord(c, { projectId: projectByName(c, 'acme-shop')?.id ?? '', userId: '', size: 5, name: 'archive-vol', description: 'made by hand', status: 'available' }).id;
  },
});

/** Each volume's condition and message as `stackshift status --format json` shows them. */
async function volumeStatus(state: string): Promise<Record<string, { condition: string; message?: string }>> {
  const out = captureOutput();
  await status(['--state', state, '--format', 'json'], out);
  return (JSON.parse(out.text()) as { volumes: Record<string, { condition: string; message?: string }> }).volumes;
}

async function untilStepStarts(state: string, stream: string, activity: string, ms: number): Promise<boolean> {
  const follower = new LogFollower(join(state, 'events'));
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    let hit = false;
    await follower.poll((e) => (hit ||= e.stream === stream && e.type === 'VolumeActivityStarted' && e.data.activity === activity));
    if (hit) return true;
    await sleep(20);
  }
  return false;
}

test('removed from the snapshot mid-copy, a volume rolls back; a foreign volume of the same name blocks its namesake', { timeout: 120_000 }, async () => {
  const state = join(rig().dir, 'state');
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const sourceBackup = volumesOf(source).find((v) => v.name === 'backup-vol')!;
  const digest = await fileSha256(sourceBackup.backingFile);
  const d = daemon(rig(), state);
  try {
    assert.ok(await untilStepStarts(state, 'volume:backup-vol', 'copy-disks', 60_000), `the copy started\n${d.log()}`);
    await sleep(1_000);
    assert.equal(volumesOf(destination).filter((v) => v.name === 'backup-vol').length, 1, 'its destination volume is being filled');
    const snapshot = join(rig().repo.dir, 'snapshots', 'detached_volumes.yml');
    const yaml = await readFile(snapshot, 'utf8');
    const first = yaml.indexOf('- _info:');
    await writeFile(snapshot, yaml.slice(0, first) + yaml.slice(yaml.indexOf('- _info:', first + 1)));
    execFileSync('git', ['-C', rig().repo.dir, 'commit', '-qam', 'Revert "add backup-vol"']);
    const deadline = Date.now() + 60_000;
    while (!/^rolled back/.test((await volumeStatus(state))['backup-vol']?.message ?? '') && Date.now() < deadline) await sleep(200);
    const now = await volumeStatus(state);
    assert.equal(now['backup-vol']?.condition, 'Ready', d.log());
    assert.match(now['backup-vol']?.message ?? '', /^rolled back/);
    assert.equal(now['archive-vol']?.condition, 'Stalled');
    assert.match(now['archive-vol']?.message ?? '', /the destination already has a volume named archive-vol that stackshift did not make \([0-9a-f-]+\); it is left untouched \(rename or delete that destination volume if it is not needed, or remove archive-vol from snapshots\/detached_volumes\.yml; then push a commit\)/);
  } finally {
    d.child.kill('SIGTERM');
    await d.exited;
  }
  assert.match(d.log(), /no longer desired; stopping copy-disks/);
  assert.deepEqual(volumesOf(destination).filter((v) => v.name === 'backup-vol'), [], 'the destination volume it made is gone');
  assert.deepEqual(await leftovers(rig()), []);
  const after = volumesOf(source).find((v) => v.id === sourceBackup.id)!;
  assert.equal(after.status, 'available', 'the source volume was never attached');
  assert.equal(await fileSha256(after.backingFile), digest);
  const foreign = volumesOf(destination).filter((v) => v.name === 'archive-vol');
  assert.deepEqual(foreign.map((v) => [v.id, v.size, v.description, v.metadata]), [[foreignId, 5, 'made by hand', {}]], 'the foreign volume is untouched');
});

/**
 * Detached volumes (snapshots/detached_volumes.yml) migrate with their data through the
 * conversion-host pair, without any workload selected: one destination volume each with the
 * source's name, size, type (after mappings) and bytes, nothing left behind in either cloud or on
 * a conversion host, the source volumes untouched; a second apply changes nothing. Removed from
 * the snapshot afterwards, a volume's copy stays until a delete-destination-volume confirmation.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import { run as plan } from '../../src/commands/plan.js';
import { volumeTypes } from '../../src/simulator/cinder/store.js';
import { captureOutput } from '../apply/harness.js';
import { fileSha256, useWorkloadRig, volumesOf } from './rig.js';
import { DETACHED, leftovers } from './volumeHelpers.js';

// No server selected: the volumes follow workloads.yaml's defaults (here: none, so the only pair).
const rig = useWorkloadRig({ edit: (dir) => writeFile(join(dir, 'workloads.yaml'), 'version: 1\nworkloads: []\n') });

async function applyUntil(state: string, done: RegExp[], rounds = 4): Promise<string> {
  let text = '';
  for (let i = 0; i < rounds; i++) {
    const out = captureOutput();
    await apply(['--repo', rig().repo.dir, '--state', state], out);
    text = out.text();
    if (done.every((d) => d.test(text))) return text;
  }
  throw new Error(`not there after ${rounds} applies:\n${text}`);
}

const commit = (message: string) => execFileSync('git', ['-C', rig().repo.dir, 'commit', '-qam', message]);

test('apply migrates each detached volume: same bytes, name, size and type, one copy each, no temporaries', { timeout: 180_000 }, async () => {
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const state = join(rig().dir, 'state');
  const planned = captureOutput();
  await plan(['--repo', rig().repo.dir, '--state', state], planned);
  assert.match(planned.text(), /Detached volumes:\n {2}> backup-vol {2}Preflight {2}20\.0 GiB\n {6}· volume backup-vol {2}20\.0 GiB {2}\(detached volume, type __DEFAULT__, zone nova, through pair-1\)\n {6}next: preflight volume backup-vol: source volume, destination volume type, quotas and name, conversion hosts pair-1\n {2}> archive-vol {2}Preflight {2}50\.0 GiB\n/);
  const sourceBefore = await Promise.all(Object.keys(DETACHED).map(async (name) => {
    const v = volumesOf(source).find((x) => x.name === name)!;
    return { name, id: v.id, status: v.status, digest: await fileSha256(v.backingFile) };
  }));

  const text = await applyUntil(state, Object.keys(DETACHED).map((name) => new RegExp(`volume ${name}: Migrated; migrated: ${name} \\(\\d+ GiB\\)`)));
  const defaultType = volumeTypes(destination).find((t) => t.name === '__DEFAULT__')!;
  for (const before of sourceBefore) {
    const copies = volumesOf(destination).filter((v) => v.name === before.name);
    assert.equal(copies.length, 1, `one ${before.name} in the destination\n${text}`);
    const copy = copies[0]!;
    assert.equal(copy.size, DETACHED[before.name as keyof typeof DETACHED], `${before.name}'s size`);
    assert.equal(copy.volumeTypeId, defaultType.id, `${before.name}'s type after mappings.volumeTypes`);
    assert.equal(copy.availabilityZone, 'nova');
    assert.equal(copy.status, 'available');
    assert.equal(await fileSha256(copy.backingFile), before.digest, `${before.name} holds the source's bytes`);
    const src = volumesOf(source).find((x) => x.id === before.id)!;
    assert.equal(src.status, before.status, `the source ${before.name} was not attached or changed`);
    assert.equal(await fileSha256(src.backingFile), before.digest);
  }
  assert.deepEqual(await leftovers(rig()), []);

  const count = () => volumesOf(destination).length;
  const volumesBefore = count();
  const again = await applyUntil(state, [/volume backup-vol: Migrated/], 1);
  assert.match(again, /volume archive-vol: Migrated/);
  assert.equal(count(), volumesBefore, 'a second apply makes nothing');
  const after = captureOutput();
  await plan(['--repo', rig().repo.dir, '--state', state, '--format', 'json'], after);
  const planned2 = JSON.parse(after.text()) as { changes: unknown[]; items: Array<{ workflow: string; id: string; phase: string; next: { kind: string } }> };
  assert.deepEqual(planned2.items.filter((i) => i.workflow === 'volume').map((i) => [i.id, i.phase, i.next.kind]), [['backup-vol', 'Migrated', 'done'], ['archive-vol', 'Migrated', 'done']]);
});

test('removed from the snapshot after its migration, a volume\'s copy is deleted only with a delete-destination-volume confirmation', { timeout: 120_000 }, async () => {
  const destination = rig().sim.cloud('destination');
  const state = join(rig().dir, 'state');
  const snapshot = join(rig().repo.dir, 'snapshots', 'detached_volumes.yml');
  const yaml = await readFile(snapshot, 'utf8');
  // backup-vol is the first entry (its type ceph-ssd stays in use by servers, so the mappings still validate).
  const first = yaml.indexOf('- _info:');
  await writeFile(snapshot, yaml.slice(0, first) + yaml.slice(yaml.indexOf('- _info:', first + 1)));
  commit('remove backup-vol from the snapshot');
  const blocked = captureOutput();
  await apply(['--repo', rig().repo.dir, '--state', state], blocked);
  assert.match(blocked.text(), /volume backup-vol: Migrated; blocked: backup-vol is no longer in snapshots\/detached_volumes\.yml, but it was migrated: its destination copy stays \(to delete the copy, add \{action: delete-destination-volume, target: backup-vol\}/);
  assert.equal(volumesOf(destination).filter((v) => v.name === 'backup-vol').length, 1, 'kept without a confirmation');

  const config = join(rig().repo.dir, 'stackshift.yaml');
  const text = await readFile(config, 'utf8');
  assert.match(text, /confirmations: \[\]|confirmations:\n/);
  await writeFile(config, text.replace(/confirmations: \[\]/, 'confirmations:\n    - action: delete-destination-volume\n      target: backup-vol'));
  commit('confirm: delete backup-vol in the destination');
  const deleted = await applyUntil(state, [/volume backup-vol: Deleted; its destination copy is deleted/], 2);
  assert.match(deleted, /volume archive-vol: Migrated/);
  assert.deepEqual(volumesOf(destination).filter((v) => v.name === 'backup-vol'), []);
  assert.equal(volumesOf(rig().sim.cloud('source')).filter((v) => v.name === 'backup-vol').length, 1, 'the source volume stays');
  assert.deepEqual(await leftovers(rig()), []);
});

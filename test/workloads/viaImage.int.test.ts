/**
 * copyVia: image, for clouds without conversion hosts: the data volume of app-1 is snapshotted,
 * uploaded to the source's Glance, streamed Glance to Glance, and made a volume again in the
 * destination; the server boots from its migrated image with the volume attached, the bytes are
 * the source's, and no temporary image, volume or snapshot is left on either side.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import { attachments } from '../../src/simulator/cinder/store.js';
import { captureOutput } from '../apply/harness.js';
import { dropDetachedVolumes, fileSha256, imagesOf, serversOf, temporariesIn, volumesOf, useWorkloadRig } from './rig.js';

const rig = useWorkloadRig({
  edit: async (dir) => {
    await dropDetachedVolumes(dir);
    await writeFile(join(dir, 'workloads.yaml'), 'version: 1\nworkloads:\n  - server: app-1\n    wave: 1\n    stopSource: true\n    copyVia: image\n');
    // A 1 GiB data volume (the simulated Glance hashes every byte of an upload, as Glance does).
    const snapshots = join(dir, 'snapshots/workloads.yml');
    await writeFile(snapshots, (await readFile(snapshots, 'utf8')).replace('is_bootable: false\n        size: 10\n', 'is_bootable: false\n        size: 1\n'));
  },
  prepare: (rig) => {
    const data = volumesOf(rig.sim.cloud('source')).find((v) => v.name === 'app-1-data')!;
    data.size = 1;
    execFileSync('truncate', ['-s', '1G', data.backingFile]);
  },
});

test('the image path migrates app-1 without conversion hosts: same bytes, no temporaries on either side', async () => {
  const out = captureOutput();
  await apply(['--repo', rig().repo.dir, '--state', join(rig().dir, 'state')], out);
  assert.match(out.text(), /workload app-1 \(wave 1\): Migrated/, out.text());
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const [copy] = volumesOf(destination).filter((v) => v.name === 'app-1-data');
  const [original] = volumesOf(source).filter((v) => v.name === 'app-1-data');
  assert.equal(await fileSha256(copy!.backingFile), await fileSha256(original!.backingFile), 'the destination volume holds the source\'s bytes');
  assert.equal(copy?.size, 1);
  const server = serversOf(destination).find((s) => s.name === 'app-1');
  assert.deepEqual(attachments(destination).values().filter((a) => a.volumeId === copy!.id && a.status === 'attached').map((a) => a.instanceUuid), [server?.id]);
  assert.deepEqual(temporariesIn(source), []);
  assert.deepEqual(imagesOf(destination).filter((i) => String(i.name).startsWith('stackshift-')).map((i) => i.name), [], 'no temporary image in the destination');
  // No conversion host was asked for anything: no volume was ever attached to one.
  const hosts = new Set(serversOf(source).concat(serversOf(destination)).filter((s) => /conversion/.test(s.name)).map((s) => s.id));
  assert.deepEqual([...attachments(source).values(), ...attachments(destination).values()].filter((a) => hosts.has(a.instanceUuid ?? '')), []);
});

/**
 * Detached volumes without conversion hosts (workloads.yaml `defaults: {copyVia: image}`): each is
 * snapshotted, made a temporary volume, uploaded to the source's Glance, streamed Glance to Glance
 * and made a volume again in the destination, with the source's bytes; no conversion host is
 * asked for anything and no temporary image, volume or snapshot is left on either side.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import { attachments } from '../../src/simulator/cinder/store.js';
import { captureOutput } from '../apply/harness.js';
import { fileSha256, serversOf, useWorkloadRig, volumesOf } from './rig.js';
import { DETACHED, leftovers } from './volumeHelpers.js';

const rig = useWorkloadRig({
  edit: async (dir) => {
    await writeFile(join(dir, 'workloads.yaml'), 'version: 1\ndefaults:\n  copyVia: image\nworkloads: []\n');
    // 1 GiB volumes: the simulated Glance hashes every byte of an upload, as Glance does.
    const snapshot = join(dir, 'snapshots/detached_volumes.yml');
    await writeFile(snapshot, (await readFile(snapshot, 'utf8')).replace(/size: (20|50)\n/g, 'size: 1\n'));
  },
  prepare: (r) => {
    for (const name of Object.keys(DETACHED)) {
      const v = volumesOf(r.sim.cloud('source')).find((x) => x.name === name)!;
      v.size = 1;
      execFileSync('truncate', ['-s', '1G', v.backingFile]);
    }
  },
});

test('with copyVia: image, detached volumes migrate through Glance: same bytes, no conversion host, no temporaries', { timeout: 180_000 }, async () => {
  const out = captureOutput();
  await apply(['--repo', rig().repo.dir, '--state', join(rig().dir, 'state')], out);
  for (const name of Object.keys(DETACHED)) assert.match(out.text(), new RegExp(`volume ${name}: Migrated`), out.text());
  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  for (const name of Object.keys(DETACHED)) {
    const copies = volumesOf(destination).filter((v) => v.name === name);
    assert.equal(copies.length, 1, `one ${name}`);
    assert.equal(copies[0]!.size, 1);
    assert.equal(copies[0]!.bootable, false, 'a volume made from an image is set back to not bootable');
    assert.equal(await fileSha256(copies[0]!.backingFile), await fileSha256(volumesOf(source).find((v) => v.name === name)!.backingFile), `${name} holds the source's bytes`);
  }
  const hosts = new Set(serversOf(source).concat(serversOf(destination)).filter((s) => /conversion|conv-/.test(s.name)).map((s) => s.id));
  assert.deepEqual([...attachments(source).values(), ...attachments(destination).values()].filter((a) => hosts.has(a.instanceUuid ?? '')), [], 'no conversion host was used');
  assert.deepEqual(await leftovers(rig()), []);
});

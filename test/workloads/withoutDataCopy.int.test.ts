/**
 * `dataCopy: false`: nothing is copied and no conversion host is touched. A server booted from an
 * image boots from the migrated image; its data volume is created empty, like the source's in
 * size and type; a boot-from-volume server without a pre-created boot volume is blocked at
 * preflight with what to do, and keeps running.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import { attachments } from '../../src/simulator/cinder/store.js';
import { captureOutput } from '../apply/harness.js';
import { fileSha256, serversOf, snapshotsOf, volumesOf, useWorkloadRig } from './rig.js';

const rig = useWorkloadRig({
  edit: async (dir) => {
    const path = join(dir, 'workloads.yaml');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('  stopSource: true', '  stopSource: true\n  dataCopy: false').replace(/ {4}bootDiskCopy: true\n/g, ''));
  },
});

test('dataCopy: false boots from the migrated image with empty volumes, and blocks a boot-from-volume server', async () => {
  const out = captureOutput();
  await apply(['--repo', rig().repo.dir, '--state', join(rig().dir, 'state')], out);
  const text = out.text();
  for (const name of ['web-1', 'web-2', 'app-1']) assert.match(text, new RegExp(`workload ${name} \\(wave \\d\\): Migrated`), text);
  assert.match(text, /workload db-1 \(wave 2\): Preflight; blocked: .*db-1 boots from volume db-1-root: with dataCopy: false its destination boot volume must be pre-created/);

  const source = rig().sim.cloud('source');
  const destination = rig().sim.cloud('destination');
  const images = new Map((await import('../../src/simulator/glance/model.js')).images(destination).values().map((i) => [i.id, i.name]));
  for (const name of ['web-1', 'app-1']) {
    const [dst] = serversOf(destination).filter((s) => s.name === name);
    assert.equal(images.get(String(dst?.imageId ?? '')), 'ubuntu-22.04', `${name} boots from the migrated image`);
    assert.equal(serversOf(source).find((s) => s.name === name)?.powerState, 4, `${name} is SHUTOFF in the source`);
  }
  const [data] = volumesOf(destination).filter((v) => v.name === 'app-1-data');
  const [original] = volumesOf(source).filter((v) => v.name === 'app-1-data');
  assert.equal(data?.size, original?.size);
  assert.notEqual(await fileSha256(data!.backingFile), await fileSha256(original!.backingFile), 'created empty, not copied');
  const appServer = serversOf(destination).find((s) => s.name === 'app-1');
  const attachedTo = attachments(destination).values().filter((a) => a.volumeId === data!.id && a.status === 'attached').map((a) => a.instanceUuid);
  assert.deepEqual(attachedTo, [appServer?.id], 'attached to app-1');
  assert.deepEqual(snapshotsOf(source), [], 'no snapshot was taken');
  assert.equal(serversOf(source).find((s) => s.name === 'db-1')?.powerState, 1, 'db-1 keeps running');
});

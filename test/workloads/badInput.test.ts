/**
 * Bad workload input is refused by validate with the file and line to fix, and a commit with it
 * applies nothing: an unknown server, pair or window in workloads.yaml, and a server with two
 * root disks in snapshots/workloads.yml.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { copyExample, edit, lineOf, removeDir, validateJson } from '../desired/helpers.js';

let dir: string;
before(async () => {
  dir = await copyExample();
});
after(async () => {
  await removeDir(dir);
});

test('unknown server, pair and window in workloads.yaml, and a server with two root disks, each at its line', async () => {
  await edit(dir, 'workloads.yaml', '  - server: web-2\n', '  - server: web-9\n');
  await edit(dir, 'workloads.yaml', '  - server: app-1\n    wave: 2\n    window: weekend\n', '  - server: app-1\n    wave: 2\n    window: holidays\n    conversionHostPair: pair-7\n');
  // db-1's data volume claims the boot device too.
  await edit(dir, 'snapshots/workloads.yml', '        - device: /dev/vdb\n          server_id: 4f7b5b54', '        - device: /dev/vda\n          server_id: 4f7b5b54');
  const { code, problems } = await validateJson(dir);
  assert.equal(code, 1);
  const got = problems.map((p) => [p.file, p.line, p.message]);
  assert.deepEqual(got.filter(([file]) => file === 'workloads.yaml'), [
    ['workloads.yaml', await lineOf(dir, 'workloads.yaml', 'server: web-9'), "server 'web-9' is not in snapshots/workloads.yml"],
    ['workloads.yaml', await lineOf(dir, 'workloads.yaml', 'window: holidays'), "maintenance window 'holidays' is not defined in stackshift.yaml"],
    ['workloads.yaml', await lineOf(dir, 'workloads.yaml', 'conversionHostPair: pair-7'), "conversion-host pair 'pair-7' is not defined in stackshift.yaml"],
  ]);
  const twoRoots = problems.find((p) => p.file === 'snapshots/workloads.yml');
  assert.equal(twoRoots?.message, "server 'db-1' has two root disks: volume db-1-root at /dev/vda and volume db-1-data at /dev/vda");
  // The second root's entry in the server's volumes list.
  assert.equal(twoRoots?.line, (await lineOf(dir, 'snapshots/workloads.yml', 'device: /dev/vda', 2)) - 2);
  assert.match(twoRoots?.hint ?? '', /boots from one disk/);
});

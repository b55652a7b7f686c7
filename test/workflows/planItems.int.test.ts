/**
 * `stackshift plan` on the example repository lists every selected workload, every detached
 * volume and every reclaim node with what happens next, in the text, markdown and JSON forms:
 * nothing the repository asks for is dropped without a word.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { run as plan } from '../../src/commands/plan.js';
import { exampleRepoDir } from '../../src/paths.js';
import type { ItemPlan } from '../../src/workflows/itemPlan.js';
import { captureOutput, harnessForCommands } from '../apply/harness.js';

const capture = captureOutput;
const harness = harnessForCommands({ before, after });

test('plan lists the example workloads per wave, its detached volumes and its reclaim nodes, with the reason they wait or are blocked', async () => {
  const state = join(harness().dir, 'state');
  const json = capture();
  await plan(['--repo', exampleRepoDir(), '--format', 'json', '--state', state], json);
  const items = (JSON.parse(json.text()) as { items: ItemPlan[] }).items;
  assert.deepEqual(items.map((i) => [i.workflow, i.id, i.wave ?? null, i.next.kind]), [
    ['workload', 'web-1', 1, 'run'], ['workload', 'web-2', 1, 'run'],
    ['workload', 'app-1', 2, 'wait'], ['workload', 'db-1', 2, 'wait'],
    ['volume', 'backup-vol', null, 'run'], ['volume', 'archive-vol', null, 'run'],
    ['node', 'compute-2', null, 'wait'], ['node', 'compute-3', null, 'wait'], ['node', 'compute-4', null, 'wait'],
  ]);
  assert.match(items[0]!.next.text, /^preflight web-1: destination resources, quotas, conversion hosts pair-1$/);
  assert.equal(items[2]!.next.text, 'wave 1 is not done yet (web-1, web-2)');
  assert.match(items[0]!.file ?? '', /workloads\.yaml$/);

  const text = capture();
  await plan(['--repo', exampleRepoDir(), '--state', state], text);
  assert.match(text.text(), /Workloads, wave 1:\n {2}> web-1 {2}Preflight {2}20\.0 GiB\n {6}· volume web-1-root {2}20\.0 GiB {2}\(root disk via a Nova image[^)]*\)\n {6}next: preflight web-1/);
  // One line per volume, in the order the destination server gets them.
  assert.match(text.text(), /… db-1 .*\n {6}· volume db-1-root {2}20\.0 GiB {2}\(boot volume[^)]*\)\n {6}· volume db-1-data {2}40\.0 GiB {2}\(data volume \/dev\/vdb[^)]*\)/);
  assert.match(text.text(), /… app-1 .*\n {6}· root disk {2}\(not copied: boots from image ubuntu-22\.04; changes made to the source's root disk are not kept\)\n {6}· volume app-1-data/);
  assert.deepEqual(items[3]!.parts?.map((p) => [p.name, p.bytesTotal / 2 ** 30]), [['volume db-1-root', 20], ['volume db-1-data', 40]]);
  // Detached volumes: one line each with size, type (after mappings), zone and how it is copied.
  assert.match(text.text(), /Detached volumes:\n {2}> backup-vol {2}Preflight {2}20\.0 GiB\n {6}· volume backup-vol {2}20\.0 GiB {2}\(detached volume, type __DEFAULT__, zone nova, through pair-1\)\n {6}next: preflight volume backup-vol: source volume, destination volume type, quotas and name, conversion hosts pair-1\n {2}> archive-vol {2}Preflight {2}50\.0 GiB\n/);
  assert.deepEqual(items[4]!.parts?.map((p) => [p.name, p.bytesTotal / 2 ** 30]), [['volume backup-vol', 20]]);
  // A node is drained only after the selected workloads on it have migrated.
  assert.match(text.text(), /Reclaim nodes:\n {2}… compute-2 {2}InService\n {6}.*waits for workload web-1 to finish first/);
  assert.match(text.text(), /… compute-3 {2}InService\n {6}.*waits for workload web-2, workload app-1 to finish first/);
  const md = capture();
  await plan(['--repo', exampleRepoDir(), '--format', 'markdown', '--state', state], md);
  assert.match(md.text(), /#### Workloads, wave 2\n\n\| \| name \| phase \| bytes \| next \|/);
  assert.match(md.text(), /\| … \| `app-1` \| Preflight \| 10\.0 GiB \| waiting: wave 1 is not done yet \(web-1, web-2\) \|/);
  assert.match(md.text(), /#### Detached volumes\n\n\| \| name \| phase \| bytes \| next \|[^\n]*\n[^\n]*\n\| > \| `backup-vol` \| Preflight \| 20\.0 GiB \| next: preflight volume backup-vol[^\n]*\n\| \| ↳ volume backup-vol \| \| 20\.0 GiB \| detached volume, type __DEFAULT__, zone nova, through pair-1 \|/);
});

test('plan exits 3 when nothing can be applied but items wait for a person, 2 when apply would change something', async () => {
  const { run: apply } = await import('../../src/commands/apply.js');
  const state = join(harness().dir, 'state-exit');
  assert.equal(await plan(['--repo', exampleRepoDir(), '--state', state], capture()), 2, 'infrastructure to create');
  await apply(['--repo', exampleRepoDir(), '--state', state], capture());
  assert.equal(await plan(['--repo', exampleRepoDir(), '--state', state], capture()), 3, 'only blocked workloads and nodes are left');
});

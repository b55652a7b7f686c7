/**
 * `stackshift status` after an apply of the example repository: the commits, the estate's
 * condition and every selected workload, detached volume and reclaim node with its reason, from
 * the event log alone; JSON for scripts; exit status by condition.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import { run as status } from '../../src/commands/status.js';
import { exampleRepoDir } from '../../src/paths.js';
import { captureOutput, harnessForCommands } from '../apply/harness.js';

const capture = captureOutput;
const harness = harnessForCommands({ before, after });

test('status shows the applied commit, Stalled, and each workload and node with its reason', async () => {
  const state = join(harness().dir, 'state');
  const applied = capture();
  assert.equal(await apply(['--repo', exampleRepoDir(), '--state', state], applied), 0, applied.text());
  assert.match(applied.text(), /workloads, volumes and nodes: 5 waiting, 4 blocked/);

  const out = capture();
  assert.equal(await status(['--state', state], out), 1, 'Stalled: items need a person');
  const text = out.text();
  assert.match(text, /^condition: Stalled/);
  assert.match(text, /desired commit dir:.*example-repo, applied dir:.*example-repo/);
  assert.match(text, /wave 1: 2 Preflight\n {2}! web-1 +Preflight +failed: preflight of web-1 \(selected at workloads\.yaml:\d+\) failed: cannot read the SSH private key.* — to fix: fix what is listed/);
  assert.match(text, /wave 2: 2 Preflight\n {2}· app-1 +Preflight +waiting: wave 1 is not done yet \(web-1, web-2\)/);
  assert.match(text, /detached volumes: 2 Preflight\n {2}! archive-vol +Preflight +failed: preflight of volume archive-vol \(snapshots\/detached_volumes\.yml:\d+\) failed: cannot read the SSH private key/);
  assert.match(text, /reclaim nodes: 3 InService/);
  assert.match(text, /compute-4 +InService +waiting: waits for workload db-1 to finish first/);
  assert.match(text, /resources: \d+ Ready/);

  const json = capture();
  await status(['--state', state, '--format', 'json'], json);
  const parsed = JSON.parse(json.text()) as { condition: string; workloads: Record<string, { condition: string }>; volumes: Record<string, { condition: string }> };
  assert.equal(parsed.condition, 'Stalled');
  assert.deepEqual(Object.keys(parsed.workloads).sort(), ['app-1', 'db-1', 'web-1', 'web-2']);
  assert.deepEqual(Object.keys(parsed.volumes).sort(), ['archive-vol', 'backup-vol']);
});

test('status --watch prints one line per object whose condition changes, outside a terminal', async () => {
  const state = join(harness().dir, 'state-watch');
  const out = capture();
  const controller = new AbortController();
  const watching = status(['--state', state, '--watch'], out, { signal: controller.signal, pollMs: 50 });
  await new Promise((r) => setTimeout(r, 100));
  await apply(['--repo', exampleRepoDir(), '--state', state], capture());
  await new Promise((r) => setTimeout(r, 300));
  controller.abort();
  await watching;
  assert.match(out.text(), /workload web-1: Stalled \(Workload(ActivityFailed|Blocked): (preflight failed: )?preflight of web-1 \(selected at workloads\.yaml:\d+\) failed: cannot read the SSH private key/);
  assert.match(out.text(), /node compute-3: Reconciling \(NodeWaiting: waits for workload web-2, workload app-1 to finish first\)/);
  assert.match(out.text(), /^condition: nothing applied yet/, 'an empty log is not called Ready');
});

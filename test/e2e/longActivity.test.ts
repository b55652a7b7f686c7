/**
 * The daemon keeps reconciling while a long step runs: a paced copy (a test-only workflow family
 * with the shape of a volume copy: chunks, a checkpoint per chunk) is under way when a revert
 * commit arrives; the revert is planned and applied within seconds, the copy untouched. Then the
 * daemon is stopped as SIGTERM stops it (its signal aborts): the copy records where it stopped,
 * and a restarted daemon continues from that checkpoint instead of starting over.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { workflowModules } from '../../src/workflows/registry.js';
import { pacedCopyModule, type CopySpec } from '../workflows/pacedCopy.js';
import { startE2E, startInProcess, type E2E } from './harness.js';

let e2e: E2E;
before(async () => {
  e2e = await startE2E();
});
after(async () => {
  await e2e?.cleanup();
});

test('a revert is applied within seconds while a long copy runs; a stop checkpoints it and a restart resumes it', async () => {
  const size = 2 * 1024 * 1024;
  const from = join(e2e.stateDir, '..', 'disk-src');
  const to = join(e2e.stateDir, '..', 'disk-dst');
  writeFileSync(from, randomBytes(size));
  // 128 chunks of 16 KiB, 60 ms each: about 8 s, far longer than a pass.
  const spec: CopySpec = { from, to, size, chunk: 16 * 1024, paceMs: 60 };
  const module = pacedCopyModule(() => [{ id: 'disk', spec }]);
  const modules = [...workflowModules, module];

  const first = await startInProcess(e2e, { modules });
  let firstStopped = false;
  after(async () => {
    if (!firstStopped) await first.stop();
  });
  const store = first.runtime.store;
  const chunks = async () => (await store.readStream('copy:disk')).filter((e) => e.type === 'ChunkCopied').length;
  const deadline = Date.now() + 20_000;
  while ((await chunks()) < 5 && Date.now() < deadline) await sleep(20);
  assert.ok((await chunks()) >= 5, 'the copy is under way');

  // A commit that changes a network, then its revert: each is planned and applied while the copy runs.
  const description = () => e2e.sim.cloud('destination').state.collection<{ id: string; name: string; description: string }>('networks').values().find((n) => n.name === 'web-net')?.description;
  const before = description();
  const change = await e2e.editYaml('snapshots/networks.yml', (doc) => {
    doc.resources.find((r: { params: { name: string } }) => r.params.name === 'web-net').params.description = 'changed while a copy runs';
  }, 'describe web-net');
  const t0 = Date.now();
  first.loop().poke();
  await first.waitForPass((r) => r.commit === change && r.outcome?.result === 'applied');
  const applied = Date.now() - t0;
  assert.equal(description(), 'changed while a copy runs');
  const revert = await e2e.repo.revert(change);
  const t1 = Date.now();
  first.loop().poke();
  await first.waitForPass((r) => r.commit === revert && r.outcome?.result === 'applied');
  const reverted = Date.now() - t1;
  assert.equal(description(), before);
  const events = await store.readStream('copy:disk');
  assert.ok(!events.some((e) => e.type === 'CopyFinished'), 'the copy was still running during both passes');
  assert.ok(applied < 5_000 && reverted < 5_000, `change applied in ${applied} ms and revert in ${reverted} ms while the copy ran`);

  firstStopped = true;
  await first.stop(); // what SIGTERM does: abort the loop, then the runner stops its steps

  const second = await startInProcess(e2e, { modules });
  try {
    const log = () => second.runtime.store.readStream('copy:disk');
    const mid = await log();
    const stop = mid.findLast((e) => e.type === 'CopyActivityStopped');
    assert.equal(stop?.data.reason, 'shutdown', 'the stop was recorded by the copy itself');
    const checkpoint = mid.filter((e) => e.type === 'ChunkCopied').reduce((n, e) => n + Number(e.data.bytes), 0);
    assert.ok(checkpoint > 0 && checkpoint < size, `stopped at ${checkpoint} of ${size} bytes`);
    const until = Date.now() + 30_000;
    while (!(await log()).some((e) => e.type === 'CopyFinished') && Date.now() < until) await sleep(50);
    const all = await log();
    const resumed = all.filter((e) => e.type === 'CopyActivityStarted');
    assert.equal(resumed.length, 2, 'one start per daemon');
    assert.match(String(resumed[1]!.data.title), new RegExp(`from byte ${checkpoint}$`), 'the restart continued from the checkpoint');
    assert.equal(all.filter((e) => e.type === 'ChunkCopied').reduce((n, e) => n + Number(e.data.bytes), 0), size, 'no verified chunk copied twice');
    assert.deepEqual(readFileSync(to), readFileSync(from));
  } finally {
    await second.stop();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runEvents } from '../../src/commands/events.js';
import { checkAnchor, parseAnchor } from '../../src/events/anchor.js';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { systemClock } from '../../src/wiring.js';
import { tempDir } from '../fixtures/tempDir.js';

async function log(names: string[]) {
  const dir = await tempDir('stackshift-anchor-');
  const store = await openFileEventStore(dir, { clock: systemClock });
  const anchors: string[] = [];
  for (const name of names) {
    await store.append(`workload:${name}`, [{ type: 'WorkloadPreflightPassed', data: { name } }]);
    anchors.push(`sha256:${store.headHash()}@${store.count()}`);
  }
  await store.close();
  return { dir, anchors };
}

test('an anchor (head hash and record count) checks the log at that point, however much it grew since', async () => {
  const { dir, anchors } = await log(['a', 'b', 'c', 'd']);
  for (const a of anchors) assert.deepEqual(await checkAnchor(dir, parseAnchor(a)!), { ok: true }, a);
  const shorter = await log(['a', 'b']);
  const cut = await checkAnchor(shorter.dir, parseAnchor(anchors[3]!)!);
  assert.deepEqual(cut, { ok: false, reason: 'the log holds 2 records, the anchor 4: records were cut' });
  const other = await log(['a', 'x', 'c', 'd']); // another history with as many records
  const edited = await checkAnchor(other.dir, parseAnchor(anchors[2]!)!);
  assert.equal(edited.ok, false);
  assert.match((edited as { reason: string }).reason, /^record 2 hashes to [0-9a-f]{64}, the anchor says/);
});

test('events verify --anchor: exit 0 when it matches, an error naming the cut otherwise, a usage error for a malformed one', async () => {
  const { dir, anchors } = await log(['a', 'b', 'c']);
  const out: string[] = [];
  const output = { interactive: false, out: (t: string) => out.push(t), err: () => undefined };
  assert.equal(await runEvents(['verify', '--anchor', anchors[1]!, '--state', dir], output), 0);
  assert.match(out[0]!, /^ok: the first 2 events hash to [0-9a-f]{64}$/);
  const beyond = anchors[2]!.replace(/@3$/, '@9');
  await assert.rejects(runEvents(['verify', '--anchor', beyond, '--state', dir], output), /does not match the anchor: the log holds 3 records/);
  await assert.rejects(runEvents(['verify', '--anchor', 'abc@1', '--state', dir], output), /--anchor must be HASH@N/);
});

/**
 * `stackshift status` per wave, from a log the runner and steps wrote: a copying workload with
 * bytes, rate and ETA; a migrated one with its downtime; a blocked one first in its wave with
 * its fix; a workload waiting for its window, and when that window opens (text and JSON).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as status } from '../../src/commands/status.js';
import { openEventStore } from '../../src/wiring.js';
import { captureOutput } from '../apply/harness.js';
import { block, finish, GiB, progress, startCopy } from '../web/estateEvents.js';

const C = 'c'.repeat(40);

test('status shows each wave: copying with rate and ETA, migrated with downtime, blocked first, the next window', async () => {
  const state = await mkdtemp(join(tmpdir(), 'stackshift-status-'));
  try {
    const store = await openEventStore(state);
    try {
      await startCopy(store, 'web-1', C, 20 * GiB, 1);
      await progress(store, 'web-1', C, 5 * GiB, 20 * GiB, 100 * 1024 ** 2);
      await startCopy(store, 'web-2', C, 10 * GiB, 1);
      await finish(store, 'web-2', C, 95_000, 1);
      await block(store, 'app-1', C, 'preflight failed: flavor m1.huge is missing in the destination', 'create the flavor or map it in stackshift.yaml', 1);
      await store.append('workload:db-1', [{ type: 'WorkloadWaiting', data: { reason: 'cutover waits for window weekend', until: Date.UTC(2026, 11, 12, 1), wave: 2 }, commit: C }]);
    } finally {
      await store.close();
    }
    const out = captureOutput();
    await status(['--state', state], out);
    const text = out.text();
    assert.match(text, /wave 1: /);
    const wave1 = text.slice(text.indexOf('wave 1:'), text.indexOf('wave 2:')).split('\n').filter((l) => l.startsWith('  '));
    assert.match(wave1[0]!, /^ {2}! app-1 .*blocked: preflight failed: flavor m1\.huge is missing in the destination — to fix: create the flavor/, 'blocked first');
    assert.match(wave1[1]!, /^ {2}… web-1 +Copy +5\.0\/20\.0 GiB +100 MiB\/s +ETA 3 min +copy web-1's disks/, '15 GiB left at 100 MiB/s');
    assert.match(wave1[2]!, /^ {2}✓ web-2 +Migrated +10\.0\/10\.0 GiB +downtime 95 s/);
    assert.match(text, /wave 2: 1 Preflight\n {2}· db-1 +Preflight +waiting until 2026-12-12T01:00Z: cutover waits for window weekend/);
    assert.match(text, /next window opens 2026-12-12T01:00Z/);

    const json = captureOutput();
    await status(['--state', state, '--format', 'json'], json);
    const parsed = JSON.parse(json.text()) as { items: Array<{ id: string; wave?: number; state: string; bytesDone?: number }>; nextWindowOpens: string };
    assert.deepEqual(parsed.items.map((i) => [i.id, i.wave, i.state]).sort(), [['app-1', 1, 'blocked'], ['db-1', 2, 'waiting'], ['web-1', 1, 'running'], ['web-2', 1, 'done']]);
    assert.equal(parsed.nextWindowOpens, '2026-12-12T01:00:00.000Z');
  } finally {
    await rm(state, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import type { ItemView } from '../../src/workflows/decideAll.js';
import { BoardProjection } from '../../src/web/boardProjection.js';
import { block, finish, GiB, progress, startCopy } from './estateEvents.js';

const commit = 'a'.repeat(40);

async function fold(store: ReturnType<typeof createMemoryEventStore>, items: ItemView[] = []) {
  const board = new BoardProjection(() => items);
  for await (const e of store.readAll()) board.apply(e);
  return board;
}

test("the log's last notice wins over a runner snapshot taken before it; between steps the runner says what is next", async () => {
  const store = createMemoryEventStore();
  await startCopy(store, 'web-1', commit);
  await finish(store, 'web-1', commit);
  // The runner records WorkloadDone, then takes its snapshot: a snapshot from just before says "run cleanup".
  const stale: ItemView = { workflow: 'workload', id: 'web-1', stream: 'workload:web-1', wave: 1, desired: true, decision: { kind: 'run', activity: { type: 'cleanup', title: 'remove temporaries' } }, progress: { phase: 'Cleanup', remaining: [], started: true } };
  const board = await fold(store, [stale]);
  assert.deepEqual([board.item('workload:web-1')!.state, board.item('workload:web-1')!.phase, board.item('workload:web-1')!.wave], ['done', 'Migrated', 1]);

  const between = createMemoryEventStore();
  await startCopy(between, 'web-2', commit);
  await between.append('workload:web-2', [{ type: 'WorkloadActivityCompleted', data: { activity: 'copy-disks', durationMs: 5 }, commit }]);
  const next: ItemView = { ...stale, id: 'web-2', stream: 'workload:web-2', decision: { kind: 'run', activity: { type: 'detach-disks', title: 'detach disks' } } };
  const card = (await fold(between, [next])).item('workload:web-2')!;
  assert.deepEqual([card.state, card.reason], ['waiting', 'next: detach disks']);
});

test('a stale block is not shown once the item moved on; rates add up over items and end with the copy', async () => {
  const store = createMemoryEventStore();
  await block(store, 'db-1', commit, 'window never opens', 'fix the window');
  await startCopy(store, 'db-1', commit);
  await startCopy(store, 'app-1', commit);
  let board = await fold(store);
  assert.equal(board.item('workload:db-1')!.state, 'running', 'the block was before the steps that followed');
  await progress(store, 'db-1', commit, GiB, 10 * GiB, 100);
  await progress(store, 'app-1', commit, GiB, 10 * GiB, 50);
  board = await fold(store);
  assert.equal(board.rateSeries[board.rateSeries.length - 1]![1], 150);
  await finish(store, 'db-1', commit);
  board = await fold(store);
  assert.equal(board.rateSeries[board.rateSeries.length - 1]![1], 50);
  assert.equal(board.item('workload:app-1')!.etaSeconds, Math.round((9 * GiB) / 50));
  assert.equal(board.all().length, 2);
});

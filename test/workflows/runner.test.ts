/**
 * The workflow runner with a test-only family (a paced file copy that checkpoints its offset):
 * steps run in the background within slots, stop with a checkpoint and resume from it, are
 * aborted when deselected, retry after a transient failure, and two runners never both advance
 * one item.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { codes, StackshiftError } from '../../src/errors.js';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import type { EventStore } from '../../src/events/store.js';
import { systemClock } from '../../src/wiring.js';
import type { DesiredItem } from '../../src/workflows/module.js';
import { createWorkflowRunner } from '../../src/workflows/runner.js';
import { pacedCopyModule, type CopySpec } from './pacedCopy.js';

const state = {} as never;

function copyItem(id: string, overrides: Partial<CopySpec> = {}): DesiredItem<CopySpec> {
  const dir = mkdtempSync(join(tmpdir(), 'stackshift-copy-'));
  const from = join(dir, 'from');
  writeFileSync(from, randomBytes(overrides.size ?? 64 * 1024));
  return { id, spec: { from, to: join(dir, 'to'), size: 64 * 1024, chunk: 4096, paceMs: 2, slot: 'pair:p1', ...overrides } };
}

async function types(store: EventStore, stream: string): Promise<string[]> {
  return (await store.readStream(stream)).map((e) => e.type);
}

async function bytesRecorded(store: EventStore, stream: string): Promise<number> {
  return (await store.readStream(stream)).filter((e) => e.type === 'ChunkCopied').reduce((n, e) => n + Number(e.data.bytes), 0);
}

test('two copies on one pair with one slot run one after the other, in the background', async () => {
  const store = createMemoryEventStore();
  const items = [copyItem('a'), copyItem('b')];
  let inFlight = 0;
  let most = 0;
  const module = pacedCopyModule(() => items, { beforeChunk: () => void (most = Math.max(most, inFlight)) });
  const runner = createWorkflowRunner({ modules: [module], store, clock: systemClock, slotLimit: () => 1 });
  const started = Date.now();
  const first = await runner.update({ commit: 'c1', state, ports: {} });
  assert.ok(Date.now() - started < 1000, 'update returns while the copies run');
  assert.equal(first.running.length, 1, 'one slot: one copy at a time');
  inFlight = 1;
  const end = await runner.settled();
  assert.deepEqual(end.items.map((v) => [v.id, v.decision.kind]), [['a', 'done'], ['b', 'done']]);
  for (const item of items) assert.deepEqual(readFileSync(item.spec.to), readFileSync(item.spec.from));
  assert.deepEqual((await types(store, 'copy:a')).filter((t) => !t.startsWith('Chunk')), ['CopyActivityStarted', 'CopyFinished', 'CopyActivityCompleted', 'CopyDone']);
  assert.equal(most, 1);
  await runner.stop();
});

test('stop checkpoints a copy in flight; another runner resumes from the checkpoint', async () => {
  const store = createMemoryEventStore();
  const item = copyItem('big', { paceMs: 5 });
  const module = pacedCopyModule(() => [item]);
  const one = createWorkflowRunner({ modules: [module], store, clock: systemClock });
  await one.update({ commit: 'c1', state, ports: {} });
  while ((await bytesRecorded(store, 'copy:big')) < 16 * 1024) await new Promise((r) => setTimeout(r, 5));
  await one.stop();
  const checkpoint = await bytesRecorded(store, 'copy:big');
  assert.ok(checkpoint > 0 && checkpoint < item.spec.size, `stopped mid-copy at ${checkpoint}`);
  assert.deepEqual((await store.readStream('copy:big')).at(-1)?.data, { activity: 'copy', reason: 'shutdown' });

  const two = createWorkflowRunner({ modules: [module], store, clock: systemClock });
  await two.update({ commit: 'c1', state, ports: {} });
  await two.settled();
  const started = (await store.readStream('copy:big')).filter((e) => e.type === 'CopyActivityStarted');
  assert.equal(started.length, 2);
  assert.equal(await bytesRecorded(store, 'copy:big'), item.spec.size, 'no verified chunk was copied twice');
  assert.deepEqual(readFileSync(item.spec.to), readFileSync(item.spec.from));
  await two.stop();
});

test('deselecting an item aborts its step, which records that it stopped', async () => {
  const store = createMemoryEventStore();
  let items = [copyItem('x', { paceMs: 20 })];
  const runner = createWorkflowRunner({ modules: [pacedCopyModule(() => items)], store, clock: systemClock });
  await runner.update({ commit: 'c1', state, ports: {} });
  await new Promise((r) => setTimeout(r, 60));
  items = [];
  await runner.update({ commit: 'c2', state, ports: {} });
  const end = await runner.settled();
  const events = await store.readStream('copy:x');
  assert.ok(events.some((e) => e.type === 'CopyActivityStopped' && e.data.reason === 'cancelled' && e.commit === 'c1'));
  assert.deepEqual(end.items.map((v) => [v.id, v.desired, v.decision.kind]), [['x', false, 'done']]);
  await runner.stop();
});

test('a transient failure is recorded with its retry time, and the runner wakes itself to retry', async () => {
  const store = createMemoryEventStore();
  let failures = 1;
  const item = copyItem('flaky');
  const module = pacedCopyModule(() => [item], {
    beforeChunk: (offset) => {
      if (offset === 8192 && failures-- > 0) throw new StackshiftError(codes.HTTP, 'HTTP 503 from cinder', { retry: 'later', requeueAfterMs: 30 });
    },
  });
  const runner = createWorkflowRunner({ modules: [module], store, clock: systemClock });
  await runner.update({ commit: 'c1', state, ports: {} });
  const deadline = Date.now() + 10_000;
  while (!(await types(store, 'copy:flaky')).includes('CopyFinished') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const failed = (await store.readStream('copy:flaky')).find((e) => e.type === 'CopyActivityFailed');
  assert.equal((failed?.data.error as Record<string, unknown>).retry, 'later');
  assert.equal(typeof failed?.data.retryAt, 'number');
  assert.ok((await types(store, 'copy:flaky')).includes('CopyFinished'), 'retried without a new pass');
  assert.equal(await bytesRecorded(store, 'copy:flaky'), item.spec.size);
  await runner.stop();
});

test('settled sits out a short backoff when asked to, and returns at a long one', async () => {
  const store = createMemoryEventStore();
  let failures = 2;
  const item = copyItem('retried');
  const module = pacedCopyModule(() => [item], {
    beforeChunk: (offset) => {
      if (offset === 4096 && failures-- > 0) throw new StackshiftError(codes.HTTP, 'connection reset', { retry: 'later', requeueAfterMs: failures === 1 ? 50 : 60_000 });
    },
  });
  const runner = createWorkflowRunner({ modules: [module], store, clock: systemClock });
  await runner.update({ commit: 'c1', state, ports: {} });
  const end = await runner.settled({ retriesWithinMs: 1_000 });
  const [view] = end.items;
  assert.equal(view?.decision.kind, 'wait', 'the 60 s backoff is left for the daemon');
  assert.match(view?.decision.kind === 'wait' ? view.decision.reason : '', /retrying copy \(attempt 3\)/);
  assert.equal((await types(store, 'copy:retried')).filter((t) => t === 'CopyActivityFailed').length, 2, 'the 50 ms backoff was sat out and retried');
  await runner.stop();
});

test('two runners on one log never both advance an item', async () => {
  const store = createMemoryEventStore();
  const item = copyItem('shared', { paceMs: 1 });
  const module = pacedCopyModule(() => [item]);
  const lines: string[] = [];
  const a = createWorkflowRunner({ modules: [module], store, clock: systemClock, log: (l) => lines.push(l) });
  const b = createWorkflowRunner({ modules: [module], store, clock: systemClock, log: (l) => lines.push(l) });
  await Promise.all([a.update({ commit: 'c1', state, ports: {} }), b.update({ commit: 'c1', state, ports: {} })]);
  await Promise.all([a.settled(), b.settled()]);
  await a.update({ commit: 'c1', state, ports: {} });
  await a.settled();
  const events = await store.readStream('copy:shared');
  const offsets = events.filter((e) => e.type === 'ChunkCopied').map((e) => Number(e.data.offset));
  assert.deepEqual(offsets, [...offsets].sort((x, y) => x - y), 'checkpoints only move forward');
  assert.equal(new Set(offsets).size, offsets.length, 'no chunk recorded twice');
  assert.equal(await bytesRecorded(store, 'copy:shared'), item.spec.size);
  assert.deepEqual(readFileSync(item.spec.to), readFileSync(item.spec.from));
  await Promise.all([a.stop(), b.stop()]);
});

/**
 * runSteps' order and batches, with fake kinds: a ready step heading a longer chain of work
 * starts first; ready creates of a kind with createMany go as one request, and when that request
 * fails each step runs (and fails or succeeds) on its own.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdRegistry, type StepContext, type StepOutcome } from '../../src/executors/infra/context.js';
import { runSteps } from '../../src/executors/infra/runSteps.js';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import type { Step } from '../../src/plan/model.js';
import { KindRegistry } from '../../src/resources/index.js';
import type { InfraKind, ResourceKindDef } from '../../src/resources/types.js';
import { systemClock } from '../../src/systemClock.js';

const step = (kind: string, key: string, dependsOn: string[] = []): Step => ({ id: `create:${kind}/${key}`, kind: kind as InfraKind, key, action: 'create', dependsOn, destructive: false });
const ctx = { ids: new IdRegistry(), projectId: 'p' } as unknown as StepContext;

function fakeKind(kind: string, extra: Partial<ResourceKindDef>, log: string[]): ResourceKindDef {
  return {
    kind, order: 0, registersId: false,
    executors: { create: async (s: Step): Promise<StepOutcome> => { log.push(s.key); return { type: 'ResourceCreated', id: s.key }; } },
    ...extra,
  } as unknown as ResourceKindDef;
}

test('a ready step heading a longer chain of work starts before a quicker one', async () => {
  const log: string[] = [];
  const kinds = new KindRegistry([fakeKind('quick', {}, log), fakeKind('slow', { stepCost: 4 }, log)]);
  const steps = [step('quick', 'alone'), step('quick', 'feeds-slow'), step('slow', 'slow', ['create:quick/feeds-slow'])];
  const result = await runSteps({ steps, commit: 'c', store: createMemoryEventStore(), ctx, clock: systemClock, concurrency: 1, kinds });
  assert.equal(result.completed, 3);
  assert.deepEqual(log, ['feeds-slow', 'slow', 'alone']);
});

test('ready creates of a kind with createMany go in one request; a failed request falls back to one step each', async () => {
  const log: string[] = [];
  const batches: string[][] = [];
  let refuse = false;
  const createMany = async (many: Step[]): Promise<StepOutcome[]> => {
    batches.push(many.map((s) => s.key));
    if (refuse) throw new Error('409 in the batch');
    return many.map((s) => ({ type: 'ResourceCreated', id: `bulk-${s.key}` }));
  };
  const kinds = new KindRegistry([fakeKind('rule', { createMany }, log)]);
  const store = createMemoryEventStore();
  const steps = ['a', 'b', 'c'].map((k) => step('rule', k));
  assert.equal((await runSteps({ steps, commit: 'c', store, ctx, clock: systemClock, concurrency: 4, kinds })).completed, 3);
  assert.deepEqual(batches, [['a', 'b', 'c']]);
  assert.deepEqual(log, [], 'no step ran on its own');
  const outcomes: string[] = [];
  for await (const e of store.readAll()) if (e.type === 'ResourceCreated') outcomes.push(String((e.data as { id: string }).id));
  assert.deepEqual(outcomes.sort(), ['bulk-a', 'bulk-b', 'bulk-c'], 'one outcome event per step');

  refuse = true;
  assert.equal((await runSteps({ steps, commit: 'c2', store, ctx, clock: systemClock, concurrency: 4, kinds })).completed, 3);
  assert.deepEqual(log, ['a', 'b', 'c'], 'each step ran on its own after the batch failed');
});

test('only steps with the same batch key share a request (Neutron takes one group\'s rules at a time)', async () => {
  const batches: string[][] = [];
  const createMany = async (many: Step[]): Promise<StepOutcome[]> => {
    batches.push(many.map((s) => s.key));
    return many.map((s) => ({ type: 'ResourceCreated', id: s.key }));
  };
  const kinds = new KindRegistry([fakeKind('rule', { createMany, batchKey: (s: Step) => s.key[0]! }, [])]);
  const steps = ['a1', 'b1', 'a2', 'b2', 'a3'].map((k) => step('rule', k));
  assert.equal((await runSteps({ steps, commit: 'c', store: createMemoryEventStore(), ctx, clock: systemClock, concurrency: 4, kinds })).completed, 5);
  assert.deepEqual(batches.sort(), [['a1', 'a2', 'a3'], ['b1', 'b2']]);
});

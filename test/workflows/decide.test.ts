/**
 * Deciders as given/when/then tables, with no I/O: given the events on an item's stream, when
 * deciding at an instant for a commit with a desired spec (or none), then this decision.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StoredEvent } from '../../src/events/store.js';
import { decideAll } from '../../src/workflows/decideAll.js';
import { decideItem, type ItemGates } from '../../src/workflows/decideItem.js';
import type { Decision } from '../../src/workflows/decision.js';
import { evolveItem, initialItemState, type ItemState } from '../../src/workflows/itemState.js';
import type { AnyWorkflowModule } from '../../src/workflows/module.js';
import { nodeReclaim } from '../../src/workflows/node/module.js';
import { workloadMigration } from '../../src/workflows/workload/module.js';
import { pacedCopyModule, type CopySpec } from './pacedCopy.js';

const T0 = Date.UTC(2026, 11, 5, 10);
const spec: CopySpec = { from: 'a', to: 'b', size: 100, chunk: 10, paceMs: 1, slot: 'pair:p1' };
const copy = pacedCopyModule(() => []);

function given(module: AnyWorkflowModule, events: Array<[type: string, data?: Record<string, unknown>, commit?: string]>): ItemState<unknown> {
  return events.reduce<ItemState<unknown>>((state, [type, data, commit], version) => {
    const event: StoredEvent = { id: `e${version}`, stream: 's', type, version, position: version, time: new Date(T0).toISOString(), commit: commit ?? 'c1', data: data ?? {} };
    return evolveItem(module, state, event);
  }, initialItemState(module));
}

interface Row {
  name: string;
  module: AnyWorkflowModule;
  given: Array<[string, Record<string, unknown>?, string?]>;
  when: { desired: unknown; now?: number; commit?: string; gates?: ItemGates };
  then: Partial<Decision> & { kind: Decision['kind'] };
}

/** A workload stackshift stopped: deselected, it rolls back (and starts the source again). */
const stoppedWorkload: Row['given'] = [
  ['WorkloadPreflightPassed', { sourceServerId: 's1', sourceVolumes: {}, bytesTotal: 0 }],
  ['SourceServerStopped', { serverId: 's1', byStackshift: true }],
];

const rows: Row[] = [
  { name: 'a new copy runs its first chunk in its pair slot', module: copy, given: [], when: { desired: spec }, then: { kind: 'run', slot: 'pair:p1' } },
  { name: 'a copy resumes from its checkpoint', module: copy, given: [['ChunkCopied', { offset: 40, bytes: 40 }]], when: { desired: spec }, then: { kind: 'run', activity: { type: 'copy', title: 'copy a from byte 40' }, slot: 'pair:p1' } },
  { name: 'a finished copy is done', module: copy, given: [['ChunkCopied', { offset: 100, bytes: 100 }], ['CopyFinished', { bytes: 100 }]], when: { desired: spec }, then: { kind: 'done', reason: 'copied' } },
  { name: 'a deselected copy is done (nothing to undo here)', module: copy, given: [['ChunkCopied', { offset: 40, bytes: 40 }]], when: { desired: undefined }, then: { kind: 'done' } },
  {
    name: 'a transient failure waits for its backoff', module: copy,
    given: [['CopyActivityStarted', { activity: 'copy' }], ['CopyActivityFailed', { activity: 'copy', error: { message: 'HTTP 503', retry: 'backoff' }, retryAt: T0 + 10_000 }]],
    when: { desired: spec, now: T0 + 5_000 }, then: { kind: 'wait', until: T0 + 10_000, reason: 'retrying copy (attempt 2) after: HTTP 503' },
  },
  {
    name: 'after the backoff it runs again', module: copy,
    given: [['CopyActivityFailed', { activity: 'copy', error: { message: 'HTTP 503', retry: 'backoff' }, retryAt: T0 + 10_000 }]],
    when: { desired: spec, now: T0 + 10_000 }, then: { kind: 'run' },
  },
  {
    name: 'a terminal failure blocks with its hint until another commit', module: copy,
    given: [['CopyActivityFailed', { activity: 'copy', error: { message: 'quota exceeded', hint: 'raise the gigabytes quota', retry: 'never' } }, 'c1']],
    when: { desired: spec, commit: 'c1' }, then: { kind: 'blocked', reason: 'copy failed: quota exceeded', fix: 'raise the gigabytes quota' },
  },
  {
    name: 'a new commit retries after a terminal failure', module: copy,
    given: [['CopyActivityFailed', { activity: 'copy', error: { message: 'quota exceeded', retry: 'never' } }, 'c1']],
    when: { desired: spec, commit: 'c2' }, then: { kind: 'run' },
  },
  {
    name: 'an item that has not started waits for the lower wave', module: copy, given: [],
    when: { desired: spec, gates: { waveWaitsFor: { wave: 2, pending: ['web-1'] } } }, then: { kind: 'wait', reason: 'wave 2 is not done yet (web-1)' },
  },
  {
    name: 'an item already under way is not held back by a wave', module: copy, given: [['ChunkCopied', { offset: 10, bytes: 10 }]],
    when: { desired: spec, gates: { waveWaitsFor: { wave: 2, pending: ['web-1'] } } }, then: { kind: 'run' },
  },
  {
    name: 'a listed node starts with its capacity check', module: nodeReclaim, given: [],
    when: { desired: { node: { host: 'compute-3', stage: 'removed', drain: 'live-migrate' }, reclaiming: ['compute-3'], headroomPercent: 10, movesAtOnce: 2 } }, then: { kind: 'run' },
  },
  {
    name: 'deselected, a roll-back that failed waits for its backoff instead of retrying at once', module: workloadMigration,
    given: [...stoppedWorkload, ['WorkloadActivityFailed', { activity: 'roll-back', error: { message: 'HTTP 409', retry: 'backoff' }, retryAt: T0 + 10_000 }]],
    when: { desired: undefined, now: T0 + 5_000 }, then: { kind: 'wait', until: T0 + 10_000 },
  },
  {
    name: 'deselected, a forward step\'s failure does not hold the roll-back', module: workloadMigration,
    given: [...stoppedWorkload, ['WorkloadActivityFailed', { activity: 'copy-disks', error: { message: 'HTTP 503', retry: 'backoff' }, retryAt: T0 + 10_000 }]],
    when: { desired: undefined, now: T0 + 5_000 }, then: { kind: 'run' },
  },
];

describe('decide (given events, when deciding, then a decision)', () => {
  for (const row of rows) {
    test(row.name, () => {
      const state = given(row.module, row.given);
      const decision = decideItem(row.module, state, { desired: row.when.desired, now: row.when.now ?? T0, commit: row.when.commit ?? 'c1' }, row.when.gates);
      // Only the fields the row names are compared (Node 20 has no partialDeepStrictEqual).
      const picked = Object.fromEntries(Object.keys(row.then).map((k) => [k, (decision as Record<string, unknown>)[k]]));
      assert.deepEqual(picked, row.then);
    });
  }
});

test('decideAll orders waves, keeps deselected items and says which lower-wave items hold a wave back', () => {
  const module = pacedCopyModule(() => [
    { id: 'w2', spec, wave: 2 },
    { id: 'w1', spec, wave: 1 },
  ]);
  const items = new Map([['copy:gone', given(module, [['ChunkCopied', { offset: 10, bytes: 10 }]])]]);
  const views = decideAll({ modules: [module], state: {} as never, items, known: new Map([['copy:', ['copy:gone', 'copy:w1']]]), now: T0, commit: 'c1' });
  assert.deepEqual(views.map((v) => [v.id, v.desired, v.decision.kind]), [['gone', false, 'done'], ['w1', true, 'run'], ['w2', true, 'wait']]);
  assert.equal(views[2]!.decision.kind === 'wait' && views[2]!.decision.reason, 'wave 1 is not done yet (w1)');
});

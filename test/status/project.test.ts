import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredEvent } from '../../src/events/store.js';
import { applyEvent, initialStatus, overallCondition } from '../../src/status/project.js';

let position = 0;
function event(stream: string, type: string, data: Record<string, unknown> = {}, commit: string | null = 'c1'): StoredEvent {
  const p = position++;
  return { id: `id-${p}`, stream, type, version: 0, position: p, time: `2026-01-01T00:00:${String(p % 60).padStart(2, '0')}.000Z`, commit, data };
}

function fold(events: StoredEvent[]) {
  return events.reduce(applyEvent, initialStatus());
}

void describe('status projection', () => {
  it('tracks observed, attempted, applied and rejected commits', () => {
    const model = fold([
      event('commit:c1', 'CommitObserved', {}, 'c1'),
      event('commit:c1', 'PlanComputed', { changes: 2 }, 'c1'),
      event('commit:c1', 'CommitApplied', {}, 'c1'),
      event('commit:c2', 'CommitObserved', {}, 'c2'),
      event('commit:c2', 'DesiredStateRejected', { problems: [{ file: 'a.yml' }, { file: 'b.yml' }] }, 'c2'),
    ]);
    assert.equal(model.commits.lastApplied, 'c1');
    assert.equal(model.commits.lastAttempted, 'c1');
    assert.equal(model.commits.lastObserved, 'c2');
    assert.deepEqual(model.commits.lastRejected, { commit: 'c2', problems: 2, at: model.commits.lastRejected!.at });
    assert.equal(model.position, position - 1);
    assert.equal(overallCondition(model), 'Stalled');
  });

  it('takes the commit from the stream name when an event carries none', () => {
    const model = fold([event('commit:abc', 'CommitApplied', {}, null)]);
    assert.equal(model.commits.lastApplied, 'abc');
  });

  it('moves a resource Reconciling → Ready, and to Stalled on a terminal failure', () => {
    const started = fold([event('resource:network/app', 'StepStarted', { step: 'create' })]);
    assert.equal(started.resources['network/app']!.condition, 'Reconciling');
    const model = fold([
      event('resource:network/app', 'StepStarted'),
      event('resource:network/app', 'ResourceCreated', { id: 'n1' }),
      event('resource:image/cirros', 'StepStarted'),
      event('resource:image/cirros', 'StepFailed', { error: { code: 'E_HTTP', message: 'quota exceeded', hint: 'raise the image quota', retry: 'never' } }),
      event('resource:volume/data', 'StepFailed', { error: { message: 'busy', retry: 'later' } }),
      event('resource:router/r', 'ResourceDeleted'),
    ]);
    assert.deepEqual(
      Object.fromEntries(Object.entries(model.resources).map(([k, s]) => [k, [s.condition, s.reason, s.failures]])),
      {
        'network/app': ['Ready', 'ResourceCreated', 0],
        'image/cirros': ['Stalled', 'StepFailed', 1],
        'volume/data': ['Reconciling', 'StepFailed', 1],
        'router/r': ['Ready', 'ResourceDeleted', 0],
      },
    );
    assert.equal(model.resources['image/cirros']!.message, 'quota exceeded (raise the image quota)');
    assert.equal(model.resources['router/r']!.deleted, true);
    assert.equal(overallCondition(model), 'Stalled');
  });

  it('records the phase each workload and node reached', () => {
    const model = fold([
      event('workload:srv-1', 'SourceServerStopped'),
      event('workload:srv-1', 'VolumeTransferProgressed', { percent: 40 }),
      event('node:compute-3', 'NodeQuiesced'),
      event('node:compute-3', 'NodeRemoved'),
      event('node:compute-3', 'NodeDone', { reason: 'at stage removed' }),
      event('node:compute-4', 'NodeBlocked', { reason: 'not handled yet', fix: 'keep the entry' }),
      event('node:compute-5', 'NodeWaiting', { reason: 'the window opens at 22:00' }),
    ]);
    assert.deepEqual([model.workloads['srv-1']!.condition, model.workloads['srv-1']!.lastEvent], ['Reconciling', 'VolumeTransferProgressed']);
    // A workflow's own facts are progress; only its decision (Done) makes it Ready.
    assert.deepEqual([model.nodes['compute-3']!.condition, model.nodes['compute-3']!.lastEvent], ['Ready', 'NodeDone']);
    assert.deepEqual([model.nodes['compute-4']!.condition, model.nodes['compute-4']!.message], ['Stalled', 'not handled yet (keep the entry)']);
    assert.deepEqual([model.nodes['compute-5']!.condition, model.nodes['compute-5']!.message], ['Reconciling', 'the window opens at 22:00']);
    assert.equal(model.nodes['compute-3']!.deleted, undefined, 'a removed node is a phase, not a deleted resource');
    assert.equal(overallCondition(model), 'Stalled');
  });

  it('is Ready when the newest observed commit is applied and nothing is in flight', () => {
    const model = fold([event('commit:c9', 'CommitObserved', {}, 'c9'), event('resource:network/a', 'ResourceCreated', {}, 'c9'), event('commit:c9', 'CommitApplied', {}, 'c9')]);
    assert.equal(overallCondition(model), 'Ready');
  });

  it('is not Ready while changes of the applied commit wait for a confirmation', () => {
    const model = fold([event('commit:c9', 'CommitObserved', {}, 'c9'), event('commit:c9', 'CommitApplied', { steps: 0, changes: 0, pending: 1 }, 'c9')]);
    assert.equal(model.commits.pending, 1);
    assert.equal(overallCondition(model), 'Stalled');
    applyEvent(model, event('commit:c10', 'CommitObserved', {}, 'c10'));
    applyEvent(model, event('commit:c10', 'CommitApplied', { steps: 1, changes: 1, pending: 0 }, 'c10'));
    assert.equal(overallCondition(model), 'Ready');
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commitEvent } from '../../src/events/catalog.js';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import { parsePassNote, passNoteText } from '../../src/writeback/passNote.js';
import { summarisePass } from '../../src/writeback/passSummary.js';

const commit = 'c'.repeat(40);
const record = { reason: 'commit' as const, commit, startedAt: 0, finishedAt: 1000 };

test('a pass summary covers only the latest pass of the commit and counts its failed and blocked steps', async () => {
  const store = createMemoryEventStore();
  const append = (type: Parameters<typeof commitEvent>[0], data: Record<string, unknown>) => store.append(`commit:${commit}`, [commitEvent(type, data as never, commit)]);
  await append('CommitObserved', { reason: 'commit', repo: 'r' });
  await append('CommitApplied', { steps: 0, changes: 0, pending: 0 });
  await append('CommitObserved', { reason: 'resume', repo: 'r' });
  await store.append('resource:network/a', [{ type: 'StepFailed', data: {} }]);
  await append('CommitApplyFailed', { steps: 4, completed: 1, failed: 1, skipped: 2, failedSteps: ['create network/a'] });
  const summary = await summarisePass(store, { ...record, reason: 'resume', outcome: { result: 'failed', commit, changes: 4, failedSteps: 1 } });
  assert.deepEqual(summary.events, { first: 2, last: 4 });
  assert.deepEqual(summary.counts, { applied: 1, failed: 1, blocked: 2, pending: 0 });
  assert.equal(summary.log, null, 'the memory store has no hash chain to anchor');
  const fields = parsePassNote(passNoteText(summary));
  assert.equal(fields.Outcome, 'failed');
  assert.equal(fields['Log-Head'], undefined);
});

test('a pass that threw is noted as error with its message on one line, and no events', async () => {
  const summary = await summarisePass(createMemoryEventStore(), { ...record, error: 'cannot reach\nthe cloud' });
  const text = passNoteText(summary);
  assert.match(text, /^stackshift commit pass: error \(0 applied, 0 failed, 0 blocked, 0 pending\)\n/);
  assert.equal(parsePassNote(text).Events, 'none');
  assert.equal(parsePassNote(text).Error, 'cannot reach the cloud');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { createDaemonMetrics } from '../../src/metrics/daemonMetrics.js';
import { tempDir } from '../fixtures/tempDir.js';
import { sampleValue } from './promText.js';
import { scrape } from './scrape.js';

test('a real file event log reports its appends, events, bytes and each fsync', async () => {
  const dir = await tempDir('ss-metrics-log-');
  const metrics = createDaemonMetrics({ clock: { now: () => Date.now(), sleep: async () => undefined }, processMetrics: false });
  const store = await openFileEventStore(dir, { observer: metrics.eventLog });
  try {
    const before = await scrape(metrics);
    assert.equal(sampleValue(before, 'stackshift_event_log_appends_total'), 0);
    assert.equal(sampleValue(before, 'stackshift_event_log_fsync_duration_seconds_count'), 0);

    await store.append('resource:network/a', [{ type: 'StepStarted', data: { step: 's1' } }, { type: 'ResourceCreated', data: { step: 's1', id: 'n1' } }]);
    // Ten appends at once share group commits: fewer fsyncs than appends, none lost.
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(`resource:network/b${i}`, [{ type: 'StepStarted', data: { step: `s${i}` } }])));
    // A refused append writes nothing and is not counted.
    await assert.rejects(store.append('resource:network/a', [{ type: 'StepStarted', data: {} }], { expectedVersion: 0 }));

    const after = await scrape(metrics);
    assert.equal(sampleValue(after, 'stackshift_event_log_appends_total'), 11);
    assert.equal(sampleValue(after, 'stackshift_event_log_events_total'), 12);
    assert.equal(store.count(), 12);
    const bytes = sampleValue(after, 'stackshift_event_log_bytes_total')!;
    assert.ok(bytes > 12 * 50, `framed bytes written: ${bytes}`);
    const fsyncs = sampleValue(after, 'stackshift_event_log_fsync_duration_seconds_count')!;
    assert.ok(fsyncs >= 2 && fsyncs < 11, `group commit: ${fsyncs} fsyncs for 11 appends`);
    assert.ok(sampleValue(after, 'stackshift_event_log_fsync_duration_seconds_sum')! > 0);
  } finally {
    await store.close();
  }
});

test('two daemons in one process keep separate registries', async () => {
  const clock = { now: () => Date.now(), sleep: async () => undefined };
  const a = createDaemonMetrics({ clock, processMetrics: false });
  const b = createDaemonMetrics({ clock, processMetrics: false });
  a.eventLog.batchWritten({ appends: 2, events: 3, bytes: 100, writeSeconds: 0.001, syncSeconds: 0.002 });
  assert.equal(sampleValue(await scrape(a), 'stackshift_event_log_events_total'), 3);
  assert.equal(sampleValue(await scrape(b), 'stackshift_event_log_events_total'), 0);
});

test('an observer that throws never fails an append that is on disk', async () => {
  const dir = await tempDir('ss-metrics-throw-');
  const store = await openFileEventStore(dir, { observer: { batchWritten: () => { throw new Error('metrics broke'); } } });
  try {
    assert.deepEqual(await store.append('resource:network/a', [{ type: 'StepStarted', data: {} }]), { nextExpectedVersion: 0, lastPosition: 0 });
    assert.equal(store.count(), 1);
  } finally {
    await store.close();
  }
});

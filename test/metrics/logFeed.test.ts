import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openFileEventStore, type FileEventStore } from '../../src/events/fileStore.js';
import type { NewEvent } from '../../src/events/store.js';
import { createDaemonMetrics, type DaemonMetrics } from '../../src/metrics/daemonMetrics.js';
import { feedMetricsFromLog } from '../../src/metrics/logFeed.js';
import { tempDir } from '../fixtures/tempDir.js';
import { sampleValue } from './promText.js';
import { scrape } from './scrape.js';

const GiB = 1024 ** 3;

/** A real file log on a clock the test moves, fed into a daemon's metrics from its current head. */
async function setup(history: Array<[string, NewEvent[]]> = []) {
  let now = Date.UTC(2026, 0, 1);
  const clock = { now: () => now, sleep: async () => undefined, advance: (ms: number) => void (now += ms) };
  const store = await openFileEventStore(await tempDir('ss-metrics-feed-'), { clock });
  for (const [stream, events] of history) await store.append(stream, events);
  const metrics = createDaemonMetrics({ clock, processMetrics: false });
  const stop = new AbortController();
  const feed = feedMetricsFromLog(store, metrics, { fromPosition: store.count(), signal: stop.signal });
  let fed = store.count();
  const counting: DaemonMetrics['event'] = metrics.event;
  metrics.event = (e) => {
    counting(e);
    fed = e.position + 1;
  };
  /** Appends and waits until the metrics have seen it. */
  const append = async (stream: string, ...events: NewEvent[]) => {
    await store.append(stream, events);
    while (fed < store.count()) await new Promise((r) => setImmediate(r));
  };
  const close = async () => {
    stop.abort();
    await feed.done;
    await store.close();
  };
  return { store, metrics, clock, append, close };
}

const progressed = (disk: string, bytesSent: number, rate: number): NewEvent => ({
  type: 'DiskCopyProgressed', data: { disk, verifiedOffset: bytesSent, bytesTotal: 10 * GiB, bytesSent, bytesSkipped: 0, rateBytesPerSec: rate },
});

test('bytes copied grow by what each copy attempt sent; the rate sums the copies in flight', async () => {
  // History from before this process is not replayed into the counters.
  const t = await setup([['workload:old', [progressed('vda', 5 * GiB, 1)]]]);
  try {
    assert.equal(sampleValue(await scrape(t.metrics), 'stackshift_transfer_bytes_total', { via: 'disk' }), undefined, 'nothing copied yet');

    await t.append('workload:web-1', { type: 'WorkloadActivityStarted', data: { activity: 'copyDisks', title: 'copy', attempt: 1 } });
    await t.append('workload:web-1', progressed('vda', 100, 50));
    await t.append('workload:web-2', progressed('vda', 300, 70));
    await t.append('workload:web-1', progressed('vda', 400, 60));
    let m = await scrape(t.metrics);
    assert.equal(sampleValue(m, 'stackshift_transfer_bytes_total', { via: 'disk' }), 700);
    assert.equal(sampleValue(m, 'stackshift_transfer_rate_bytes_per_second'), 130);
    assert.equal(sampleValue(m, 'stackshift_transfers_in_progress'), 2);

    // web-1's attempt fails after 450 bytes; the retry starts again from its own zero.
    await t.append('workload:web-1', progressed('vda', 450, 60), { type: 'WorkloadActivityFailed', data: { activity: 'copyDisks', title: 'copy', attempt: 1, error: {} } });
    await t.append('workload:web-1', { type: 'WorkloadActivityStarted', data: { activity: 'copyDisks', title: 'copy', attempt: 2 } }, progressed('vda', 200, 40));
    // web-2 finishes: its last 100 bytes count, and it leaves the rate.
    await t.append('workload:web-2', { type: 'DiskCopied', data: { disk: 'vda', sha256: 'x', bytesSent: 400, bytesSkipped: 0, durationMs: 5 } });
    await t.append('resource:image/cirros', { type: 'ImageDataCopied', data: { bytes: 1000 } });
    m = await scrape(t.metrics);
    assert.equal(sampleValue(m, 'stackshift_transfer_bytes_total', { via: 'disk' }), 450 + 200 + 400);
    assert.equal(sampleValue(m, 'stackshift_transfer_bytes_total', { via: 'image' }), 1000);
    assert.equal(sampleValue(m, 'stackshift_transfer_rate_bytes_per_second'), 40);

    // A copy that stops reporting (its daemon died) drops out of the rate after a minute.
    t.clock.advance(61_000);
    m = await scrape(t.metrics);
    assert.equal(sampleValue(m, 'stackshift_transfer_rate_bytes_per_second'), 0);
    assert.equal(sampleValue(m, 'stackshift_transfers_in_progress'), 0);
  } finally {
    await t.close();
  }
});

test('step outcomes are counted by resource kind or workflow activity, with bounded labels', async () => {
  const t = await setup();
  try {
    await t.append('resource:network/net-a', { type: 'StepStarted', data: { step: 's', action: 'create', kind: 'network', key: 'net-a' } }, { type: 'ResourceCreated', data: { step: 's', id: 'n1' } });
    await t.append('resource:network/net-b', { type: 'ResourceCreated', data: { step: 's', id: 'n2' } });
    await t.append('resource:subnet/net-a/sub', { type: 'StepFailed', data: { step: 's', attempts: 1, error: { code: 'E', message: 'm', retry: 'never' } } });
    await t.append('workload:web-1', { type: 'WorkloadActivityCompleted', data: { activity: 'copyDisks', durationMs: 5 } });
    await t.append('node:cmp-1', { type: 'NodeActivityStopped', data: { activity: 'drain', reason: 'shutdown' } });
    const m = await scrape(t.metrics);
    const outcome = (kind: string, o: string) => sampleValue(m, 'stackshift_step_outcomes_total', { kind, outcome: o });
    assert.equal(outcome('network', 'created'), 2);
    assert.equal(outcome('subnet', 'failed'), 1);
    assert.equal(outcome('workload.copyDisks', 'completed'), 1);
    assert.equal(outcome('node.drain', 'stopped'), 1);
    const labels = [...m.get('stackshift_step_outcomes_total')!.samples].map((s) => s.labels.kind);
    assert.ok(labels.every((k) => !k!.includes('net-') && !k!.includes('web-') && !k!.includes('cmp-')), 'no object name in a label');
  } finally {
    await t.close();
  }
});

/**
 * An apply's disk-copy progress outside a terminal: a line per disk when its copy reports (at
 * most every 10 s) and one when it is copied, read from the facts the copy appends; events from
 * before the apply are not replayed; JSON logs carry the numbers as fields.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import { followTransfers } from '../../src/reconcile/transferProgress.js';
import { workloadEvent } from '../../src/workflows/workload/events.js';

const MiB = 1024 ** 2;
const progressed = (offset: number) => workloadEvent('DiskCopyProgressed', { disk: 'root', verifiedOffset: offset * MiB, bytesTotal: 100 * MiB, bytesSent: offset * MiB, bytesSkipped: 0, rateBytesPerSec: 20 * MiB, etaSeconds: Math.round((100 - offset) / 20) });
const delivered = () => new Promise((r) => setTimeout(r, 20));

test('copies show as lines with percent, rate and ETA, throttled, then copied', async () => {
  const store = createMemoryEventStore();
  await store.append('workload:old', [progressed(50)]);
  const lines: string[] = [];
  let now = 0;
  const transfers = followTransfers(store, 1, { out: () => undefined, err: (l) => lines.push(l), interactive: false }, () => now);
  for (const [at, offset] of [[20_000, 10], [25_000, 30], [31_000, 60]] as const) {
    now = at;
    await store.append('workload:web-1', [progressed(offset)]);
    await delivered();
  }
  await store.append('workload:web-1', [workloadEvent('DiskCopied', { disk: 'root', sha256: 'ab', bytesSent: 60 * MiB, bytesSkipped: 40 * MiB, durationMs: 5_000 })]);
  await delivered();
  await transfers.stop();
  assert.deepEqual(lines, [
    'web-1 root: 10% of 100 MiB copied, 20 MiB/s, ETA 5 s',
    'web-1 root: 60% of 100 MiB copied, 20 MiB/s, ETA 2 s',
    'web-1 root: copied and verified in 5.0s (60 MiB sent)',
  ], 'the 30 % report came 5 s after the last line and was not printed; the log\'s older copy was not replayed');
});

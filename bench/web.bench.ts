/**
 * The web board with 2,000 workloads (`npm run bench -- web`): events for 2,000 workloads in four
 * waves are written through the real file event store (each copied part-way, one in ten done, one
 * in fifty blocked), the board projection folds them, and the daemon's server answers. Measures:
 *  1. the fold of the log into the board at start-up;
 *  2. GET /api/status latency (median and p95 of 50) and its size;
 *  3. in Debian's Chromium (skipped without /usr/bin/chromium): page load until all 2,000 cards
 *     are drawn, the latency from an append to the card showing it (one event at a time), and a
 *     burst of one progress event per workload until the last card shows it.
 * Options: WEB_BENCH_WORKLOADS=500 for a smaller estate.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemonServer } from '../src/daemon/server.js';
import { openFileEventStore } from '../src/events/fileStore.js';
import type { ItemView } from '../src/workflows/decideAll.js';
import { BoardProjection } from '../src/web/boardProjection.js';
import { block, finish, GiB, progress, startCopy } from '../test/web/estateEvents.js';

const count = Number(process.env.WEB_BENCH_WORKLOADS ?? 2000);
const chromiumPath = '/usr/bin/chromium';
const commit = 'b'.repeat(40);
const name = (i: number) => `w${String(i).padStart(4, '0')}`;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]! };
};

const dir = await mkdtemp(join(tmpdir(), 'stackshift-web-bench-'));
const store = await openFileEventStore(dir);
console.log(`load average: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores; ${count} workloads`);
let t = performance.now();
for (let at = 0; at < count; at += 100) {
  await Promise.all(Array.from({ length: Math.min(100, count - at) }, async (_, k) => {
    const i = at + k;
    await startCopy(store, name(i), commit, 10 * GiB);
    await progress(store, name(i), commit, (i % 9 + 1) * GiB, 10 * GiB, 50 * 1024 ** 2);
    if (i % 10 === 0) await finish(store, name(i), commit);
    if (i % 50 === 7) await block(store, name(i), commit, 'conversion host pair-1 is unreachable', 'check the pair in stackshift.yaml');
  }));
}
let events = 0;
for await (const _ of store.readAll()) events++;
console.log(`wrote ${events.toLocaleString('en-US')} events through the file store in ${ms(performance.now() - t)}`);

const views: ItemView[] = Array.from({ length: count }, (_, i) => ({
  workflow: 'workload', id: name(i), stream: `workload:${name(i)}`, wave: (i % 4) + 1, desired: true,
  decision: { kind: 'wait', reason: 'a slot' }, progress: { phase: 'Copy', remaining: [], started: true, bytesTotal: 10 * GiB },
}));
const stop = new AbortController();
t = performance.now();
const { board } = await BoardProjection.follow(store, { signal: stop.signal, items: () => views });
console.log(`board fold of the whole log at start-up: ${ms(performance.now() - t)}`);
const server = await startDaemonServer({ host: '127.0.0.1', port: 0, onWebhook: () => undefined, status: () => ({ condition: 'Reconciling' }), web: { store, board } });

const latencies: number[] = [];
let size = 0;
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  const body = await (await fetch(`${server.url}/api/status`)).arrayBuffer();
  latencies.push(performance.now() - t0);
  size = body.byteLength;
}
const api = stats(latencies);
console.log(`GET /api/status with ${count} workloads: median ${ms(api.median)}, p95 ${ms(api.p95)} (${(size / 1024).toFixed(0)} KiB)`);

if (!existsSync(chromiumPath)) {
  console.log(`page figures skipped: ${chromiumPath} is missing (apt-get install chromium)`);
} else {
  const { chromium } = await import('playwright-core');
  const profile = join(dir, 'chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true, bypassCSP: true, viewport: { width: 1600, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await context.newPage();
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await page.goto(server.url);
      await page.waitForFunction(`document.querySelectorAll('.card').length >= ${count} && document.querySelector('#live.on')`, undefined, { polling: 'raf' });
      loads.push(performance.now() - t0);
    }
    const load = stats(loads);
    console.log(`page load until ${count} cards are drawn and the stream is live: median ${ms(load.median)} of 5 (first ${ms(loads[0]!)})`);
    const updates: number[] = [];
    for (let k = 0; k < 30; k++) {
      // A workload still copying (every tenth is migrated: its card shows the whole size).
      const who = name(((k * 37) % count) | 1);
      const offset = 9 * GiB + k * 4096 + 1;
      const t0 = performance.now();
      await progress(store, who, commit, offset, 10 * GiB, 60 * 1024 ** 2);
      await page.waitForFunction(`document.querySelector('[data-stream="workload:${who}"] progress')?.getAttribute('value') === '${offset}'`, undefined, { polling: 'raf' });
      updates.push(performance.now() - t0);
    }
    const upd = stats(updates);
    console.log(`append → card updated on the page (one event): median ${ms(upd.median)}, p95 ${ms(upd.p95)} of 30`);
    const t0 = performance.now();
    const offset = 9 * GiB + 999 * 4096;
    for (let at = 0; at < count; at += 200) {
      await Promise.all(Array.from({ length: Math.min(200, count - at) }, (_, k) => progress(store, name(at + k), commit, offset, 10 * GiB, 70 * 1024 ** 2)));
    }
    const appended = performance.now() - t0;
    const copying = Array.from({ length: count }, (_, i) => i).filter((i) => i % 10 !== 0).length;
    await page.waitForFunction(`[...document.querySelectorAll('.card progress')].filter((p) => p.getAttribute('value') === '${offset}').length >= ${copying}`, undefined, { polling: 100, timeout: 120_000 });
    console.log(`burst of ${count} progress events (one per workload): appended in ${ms(appended)}, all ${copying} copying cards updated after ${ms(performance.now() - t0)}`);
    const heap = (await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number;
    if (heap) console.log(`page JS heap after the burst: ${(heap / 1024 / 1024).toFixed(1)} MiB`);
  } finally {
    await context.close();
  }
}
stop.abort();
await server.close();
await store.close();
await rm(dir, { recursive: true, force: true });

/**
 * Event log benchmarks (`npm run bench -- events`):
 *  1. durable appends per second: many concurrent appenders sharing fsyncs (group commit),
 *     against one appender waiting for its own fsync each time;
 *  2. replay of 1,000,000 events: open (scan + index), readAll from disk, and a full verify,
 *     with peak memory, which must stay bounded (the log is streamed, never loaded whole).
 * Options: EVENTS_BENCH_REPLAY=200000 to replay fewer events.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileEventStore } from '../src/events/fileStore.js';
import { writeBigLog } from './bigLog.js';
import { verifyEventLog } from '../src/events/verify.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
/** CPU seconds used since `start` (user + system): on a shared machine wall time overstates cost. */
const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return `${((used.user + used.system) / 1e6).toFixed(2)} s CPU`;
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function appendBench(dir: string): Promise<void> {
  const store = await openFileEventStore(join(dir, 'appends'));
  const event = (w: number, i: number) => ({ type: 'VolumeTransferProgressed', data: { workload: `w${w}`, i, bytes: i * 4096 } });
  let t = performance.now();
  const single = 300;
  for (let i = 0; i < single; i++) await store.append('workload:solo', [event(0, i)]);
  const soloMs = performance.now() - t;
  console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  const writers = 500;
  const each = 100;
  t = performance.now();
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    for (let i = 0; i < each; i++) await store.append(`workload:w${w}`, [event(w, i)], { expectedVersion: i === 0 ? 'no_stream' : i - 1 });
  }));
  const groupMs = performance.now() - t;
  await store.close();
  console.log(`durable appends, 1 appender (one fsync each):       ${rate(single, soloMs)}/s  (${single} appends in ${soloMs.toFixed(0)} ms)`);
  console.log(`durable appends, ${writers} concurrent appenders (group commit): ${rate(writers * each, groupMs)}/s  (${writers * each} appends in ${groupMs.toFixed(0)} ms, expected-version checked)`);
}

async function replayBench(dir: string, count: number): Promise<void> {
  const stateDir = join(dir, 'replay');
  let t = performance.now();
  await writeBigLog(stateDir, count);
  console.log(`wrote ${count.toLocaleString('en-US')} events in the log format in ${(performance.now() - t).toFixed(0)} ms`);
  gc();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  t = performance.now();
  let cpu = process.cpuUsage();
  const store = await openFileEventStore(stateDir);
  const openMs = performance.now() - t;
  const openCpu = cpuSince(cpu);
  sample();
  t = performance.now();
  cpu = process.cpuUsage();
  let n = 0;
  let bytes = 0;
  for await (const event of store.readAll()) {
    n++;
    bytes += event.data.bytesCopied as number;
    if (n % 100_000 === 0) sample();
  }
  const replayMs = performance.now() - t;
  const replayCpu = cpuSince(cpu);
  await store.close();
  if (n !== count || bytes <= 0) throw new Error(`replayed ${n} of ${count}`);
  gc();
  t = performance.now();
  cpu = process.cpuUsage();
  const report = await verifyEventLog(stateDir);
  const verifyMs = performance.now() - t;
  const verifyCpu = cpuSince(cpu);
  if (!report.ok || report.count !== count) throw new Error('verify failed on the bench log');
  console.log(`open (scan every frame, build the index): ${(openMs / 1000).toFixed(2)} s wall, ${openCpu}`);
  console.log(`replay readAll of ${count.toLocaleString('en-US')} events: ${(replayMs / 1000).toFixed(2)} s wall, ${replayCpu} (${rate(count, replayMs)} events/s)`);
  console.log(`verify (CRC + SHA-256 chain): ${(verifyMs / 1000).toFixed(2)} s wall, ${verifyCpu}`);
  console.log(`memory: rss ${mb(baseline)} before open, peak ${mb(peak)} during open + replay (index ≈ 8 bytes/event + stream lists)`);
}

const dir = await mkdtemp(join(tmpdir(), 'stackshift-bench-events-'));
try {
  await appendBench(dir);
  await replayBench(dir, Number(process.env.EVENTS_BENCH_REPLAY ?? 1_000_000));
} finally {
  await rm(dir, { recursive: true, force: true });
}

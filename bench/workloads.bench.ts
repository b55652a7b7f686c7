/**
 * 8 workloads over 2 conversion-host pairs vs 1 pair (`npm run bench -- workloads.bench`).
 * The estate is example-repo/ plus 8 servers cloned from app-1 (boot from image, one 10 GiB data
 * volume each), all selected in one wave (bench/workloadsRepo.ts); the simulated source is seeded
 * from it (bench/workloadsRig.ts), and each data volume gets WORKLOADS_BENCH_MIB (default 256) MiB
 * of random bytes. `stackshift apply` is run (again while something is left to do, as the cold
 * migration test does) from the first call until all 8 are Migrated, with the in-process
 * conversion hosts: once with pair-1 and pair-2 (4 workloads each), once with pair-1 alone.
 * Each run starts from fresh clouds, a fresh repository and an empty event log; WORKLOADS_BENCH_ROUNDS
 * (default 2) runs of each, alternating, and the figures are their means.
 *
 * transfer.parallelTransfersPerPair is the example's (2). transfer.totalBandwidthMbps (800 in the
 * example) is removed so that the pairs, not the budget, bound the copy; WORKLOADS_BENCH_MBPS=800
 * keeps a cap. Bytes moved are the DiskCopied events' bytesSent (zero chunks are not sent).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { run as apply } from '../src/commands/apply.js';
import { readOnlyLog } from '../src/reconcile/commandSupport.js';
import type { Output } from '../src/ports.js';
import { keepOnePair, generateRepo } from './workloadsRepo.js';
import { fillVolumes, startBenchRig } from './workloadsRig.js';

const COUNT = 8;
const mib = Number(process.env.WORKLOADS_BENCH_MIB ?? 256);
const mbps = process.env.WORKLOADS_BENCH_MBPS ? Number(process.env.WORKLOADS_BENCH_MBPS) : undefined;
const rounds = Math.max(1, Number(process.env.WORKLOADS_BENCH_ROUNDS ?? 2));
const MiB = 1024 * 1024;

interface RunResult {
  wallMs: number;
  /** CPU time of this process (stackshift, both simulated clouds and the conversion hosts' SSH servers) during the applies. */
  cpuMs: number;
  applies: number;
  copyMs: number;
  bytesSent: number;
  disks: number;
  parallel: number;
  downtimesMs: number[];
  /** Per workload activity: first start to last end (ms after the first apply began), and the sum of its steps' durations. */
  phases: Map<string, { from: number; to: number; sum: number; n: number }>;
}

/** Sets transfer.totalBandwidthMbps (or removes it) and returns parallelTransfersPerPair. */
async function setTransfer(dir: string): Promise<void> {
  const path = join(dir, 'stackshift.yaml');
  const doc = parseDocument(await readFile(path, 'utf8'));
  if (mbps === undefined) doc.deleteIn(['transfer', 'totalBandwidthMbps']);
  else doc.setIn(['transfer', 'totalBandwidthMbps'], mbps);
  await writeFile(path, doc.toString());
}

async function transferConfig(dir: string): Promise<{ pairs: string[]; parallel: number; mbps: number | undefined }> {
  const doc = parseDocument(await readFile(join(dir, 'stackshift.yaml'), 'utf8')).toJS() as { conversionHosts?: { name: string }[]; transfer?: { parallelTransfersPerPair?: number; totalBandwidthMbps?: number } };
  return { pairs: (doc.conversionHosts ?? []).map((p) => p.name), parallel: doc.transfer?.parallelTransfersPerPair ?? 2, mbps: doc.transfer?.totalBandwidthMbps };
}

async function migrate(base: string, servers: string[], volumes: string[], pairs: 1 | 2): Promise<RunResult> {
  const rig = await startBenchRig(base, {
    edit: async (dir) => {
      await setTransfer(dir);
      if (pairs === 1) await keepOnePair(dir);
    },
  });
  const previous = process.env.OS_CLIENT_CONFIG_FILE;
  process.env.OS_CLIENT_CONFIG_FILE = rig.cloudsYaml;
  try {
    const config = await transferConfig(rig.repo.dir);
    const selection = await readFile(join(rig.repo.dir, 'workloads.yaml'), 'utf8');
    const perPair = config.pairs.map((p) => `${p}: ${selection.split(`    conversionHostPair: ${p}\n`).length - 1}`).join(', ');
    const t = performance.now();
    const filled = fillVolumes(rig.sim.cloud('source'), volumes, mib);
    console.log(`${pairs} pair(s): pairs ${config.pairs.join(', ')} (workloads ${perPair}); parallelTransfersPerPair ${config.parallel}; totalBandwidthMbps ${config.mbps ?? 'unset (unlimited)'}; ${(filled / MiB).toFixed(0)} MiB random data written to ${volumes.length} source volumes in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const state = join(rig.dir, 'state');
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let applies = 0;
    let text = '';
    for (; applies < 10 && !servers.every((s) => new RegExp(`workload ${s} \\(wave \\d+\\): Migrated`).test(text));) {
      const lines: string[] = [];
      const output: Output = { out: (l) => void lines.push(l), err: (l) => void lines.push(l), interactive: false };
      const code = await apply(['--repo', rig.repo.dir, '--state', state], output);
      applies++;
      text = lines.join('\n');
      if (code !== 0) console.log(`  apply ${applies} exited ${code}:\n${lines.filter((l) => /fail|error/i.test(l)).slice(0, 10).join('\n')}`);
    }
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (!servers.every((s) => new RegExp(`workload ${s} \\(wave \\d+\\): Migrated`).test(text))) throw new Error(`not all workloads migrated after ${applies} applies:\n${text}`);

    let bytesSent = 0;
    let disks = 0;
    let first = Infinity;
    let last = 0;
    const downtimesMs: number[] = [];
    const phases = new Map<string, { from: number; to: number; sum: number; n: number }>();
    const started = new Map<string, { activity: string; at: number }>();
    const startedAt = Date.now() - (performance.now() - t0);
    for await (const e of readOnlyLog(state).readAll()) {
      const at = Date.parse(e.time) - startedAt;
      if (e.type === 'WorkloadActivityStarted') started.set(e.stream, { activity: String(e.data.activity), at });
      if (e.type === 'WorkloadActivityCompleted' && started.has(e.stream)) {
        const s = started.get(e.stream)!;
        const p = phases.get(s.activity) ?? { from: Infinity, to: 0, sum: 0, n: 0 };
        phases.set(s.activity, { from: Math.min(p.from, s.at), to: Math.max(p.to, at), sum: p.sum + at - s.at, n: p.n + 1 });
        started.delete(e.stream);
      }
      if (e.type === 'DiskCopied') {
        const end = Date.parse(e.time);
        const d = e.data as { bytesSent: number; durationMs: number };
        bytesSent += d.bytesSent;
        disks++;
        first = Math.min(first, end - d.durationMs);
        last = Math.max(last, end);
      }
      if (e.type === 'WorkloadMigrated') downtimesMs.push(Number((e.data as { downtimeMs: number }).downtimeMs));
    }
    return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, applies, copyMs: last - first, bytesSent, disks, parallel: config.parallel, downtimesMs, phases };
  } finally {
    if (previous === undefined) delete process.env.OS_CLIENT_CONFIG_FILE;
    else process.env.OS_CLIENT_CONFIG_FILE = previous;
    await rig.close();
  }
}

const root = await mkdtemp(join(tmpdir(), 'stackshift-bench-wl-'));
try {
  const repo = await generateRepo(join(root, 'base'), { servers: COUNT, mix: ['app-1'], waves: 1, pairs: 2 });
  console.log(`${COUNT} workloads (${repo.servers[0]}…${repo.servers.at(-1)}: app-1 clones, one 10 GiB data volume each, ${mib} MiB of it random data), one wave, in-process conversion hosts`);
  // Alternating (2, 1, 1, 2, ...): a machine that warms up or slows down favours neither.
  const order = Array.from({ length: rounds }, (_, i) => (i % 2 === 0 ? [2, 1] : [1, 2]) as (1 | 2)[]).flat();
  const results: Record<1 | 2, RunResult[]> = { 1: [], 2: [] };
  for (const pairs of order) {
    const r = await migrate(repo.dir, repo.servers, repo.volumes, pairs);
    results[pairs].push(r);
    const sorted = [...r.downtimesMs].sort((a, b) => a - b);
    console.log(`  ${pairs} pair(s), up to ${pairs * r.parallel} copies at once: all ${COUNT} Migrated in ${(r.wallMs / 1000).toFixed(1)} s (${r.applies} apply run(s); this process ${(r.cpuMs / r.wallMs * 100).toFixed(0)} % CPU); copy phase ${(r.copyMs / 1000).toFixed(1)} s for ${r.disks} disks, ${(r.bytesSent / MiB).toFixed(0)} MiB sent = ${((r.bytesSent / MiB) / (r.copyMs / 1000)).toFixed(0)} MiB/s; downtime median ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(1)} s, max ${(sorted.at(-1)! / 1000).toFixed(1)} s`);
    const firstStep = Math.min(...[...r.phases.values()].map((p) => p.from));
    console.log(`    steps (first start → last end after the first apply began; sum of step times): infrastructure and plan until ${(firstStep / 1000).toFixed(1)} s; ${[...r.phases].map(([a, p]) => `${a} ${(p.from / 1000).toFixed(1)}→${(p.to / 1000).toFixed(1)} s (Σ ${(p.sum / 1000).toFixed(1)} s/${p.n})`).join('; ')}`);
  }
  const mean = (rs: RunResult[], f: (r: RunResult) => number) => rs.reduce((n, r) => n + f(r), 0) / rs.length;
  const two = results[2];
  const one = results[1];
  const of = (rs: RunResult[], f: (r: RunResult) => number) => (rs.length > 1 ? ` (mean of ${rs.map((r) => (f(r) / 1000).toFixed(1)).join(', ')})` : '');
  const [copy2, copy1, wall2, wall1] = [mean(two, (r) => r.copyMs), mean(one, (r) => r.copyMs), mean(two, (r) => r.wallMs), mean(one, (r) => r.wallMs)];
  console.log(`copy phase (first copy start → last copy end): 2 pairs ${(copy2 / 1000).toFixed(1)} s${of(two, (r) => r.copyMs)}; 1 pair ${(copy1 / 1000).toFixed(1)} s${of(one, (r) => r.copyMs)}; speed-up ${(copy1 / copy2).toFixed(2)}×`);
  console.log(`${COUNT} workloads, 2 pairs: ${(wall2 / 1000).toFixed(1)} s${of(two, (r) => r.wallMs)}; 1 pair: ${(wall1 / 1000).toFixed(1)} s${of(one, (r) => r.wallMs)}; speed-up ${(wall1 / wall2).toFixed(2)}×  [${(two[0]!.bytesSent / MiB).toFixed(0)} MiB moved each run; parallelTransfersPerPair ${two[0]!.parallel}; totalBandwidthMbps ${mbps ?? 'unset'}]`);
} finally {
  await rm(root, { recursive: true, force: true });
}

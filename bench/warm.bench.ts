/**
 * Warm vs cold cutover downtime (`npm run bench -- warm`), on the simulated clouds through the
 * in-process conversion hosts, measured in the same run on the same data: db-1's data volume
 * holds WARM_BENCH_MIB (default 2048) MiB of random data.
 *  - cold: `apply` stops db-1 and copies everything; downtime = stop → destination verified;
 *  - warm: `apply` pre-copies while db-1 runs, then 5 % of the volume's chunks are rewritten, the
 *    window opens and the cutover sends only those (target: downtime ≤ 15 % of cold's, bytes sent
 *    at cutover ≤ 10 % of the volume);
 *  - a delta pass with 0 % changed over the same volume: what a refresh costs when nothing changed
 *    (both hosts hash in place, nothing crosses).
 * The transfer budget is the example's 800 Mbit/s.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { run as apply } from '../src/commands/apply.js';
import { LogFollower } from '../src/events/logFollower.js';
import { eventLogDir } from '../src/events/stateDir.js';
import type { StoredEvent } from '../src/events/store.js';
import { captureOutput } from '../test/apply/harness.js';
import { dropDetachedVolumes, startWorkloadRig, volumesOf, type WorkloadRig } from '../test/workloads/rig.js';
import { newEd25519Key } from '../src/ssh/ed25519Key.js';

const MiB = 1024 * 1024;
const CHUNK = 4 * MiB;
const sizeMiB = Number(process.env.WARM_BENCH_MIB ?? 2048);
const chunks = sizeMiB / 4;

async function rigFor(mode: 'cold' | 'warm'): Promise<WorkloadRig> {
  const rig = await startWorkloadRig({
    edit: async (dir) => {
      await dropDetachedVolumes(dir);
      await writeFile(join(dir, 'workloads.yaml'), `version: 1\nworkloads:\n  - server: db-1\n    wave: 1\n    mode: ${mode}\n    stopSource: true\n    window: cutover\n`);
      await setWindow(dir, mode === 'cold' ? '* * * * *' : '0 0 1 1 *');
    },
  });
  // The data volume: sizeMiB of random data, written in 64 MiB pieces.
  const fd = openSync(volumesOf(rig.sim.cloud('source')).find((v) => v.name === 'db-1-data')!.backingFile, 'r+');
  for (let at = 0; at < sizeMiB; at += 64) writeSync(fd, randomBytes(64 * MiB), 0, 64 * MiB, at * MiB);
  closeSync(fd);
  process.env.OS_CLIENT_CONFIG_FILE = rig.cloudsYaml;
  return rig;
}

async function setWindow(dir: string, schedule: string): Promise<void> {
  const path = join(dir, 'stackshift.yaml');
  const doc = parseDocument(await readFile(path, 'utf8'));
  const windows = (doc.toJS() as { windows: Array<{ name: string }> }).windows;
  const at = windows.findIndex((w) => w.name === 'cutover');
  const window = doc.createNode({ name: 'cutover', schedule, duration: '2h', timeZone: 'UTC' });
  if (at < 0) doc.addIn(['windows'], window);
  else doc.setIn(['windows', at], window);
  await writeFile(path, doc.toString());
}

async function applyUntil(rig: WorkloadRig, state: string, done: RegExp): Promise<void> {
  let text = '';
  for (let i = 0; i < 6 && !done.test(text); i++) {
    const out = captureOutput();
    await apply(['--repo', rig.repo.dir, '--state', state], out);
    text = out.text();
  }
  if (!done.test(text)) throw new Error(`apply did not reach ${done}:\n${text}`);
}

async function streamEvents(state: string): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  await new LogFollower(eventLogDir(state)).poll((e) => void (e.stream === 'workload:db-1' && all.push(e)));
  return all;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const migrated = /db-1 \(wave 1\): Migrated/;

const cold = await rigFor('cold');
let coldDowntime = 0;
try {
  const state = join(cold.dir, 'state');
  await applyUntil(cold, state, migrated);
  coldDowntime = Number((await streamEvents(state)).find((e) => e.type === 'WorkloadMigrated')!.data.downtimeMs);
  console.log(`cold: ${sizeMiB} MiB of data, downtime ${seconds(coldDowntime)} (stop → destination verified)`);
} finally {
  await cold.close();
}

const warm = await rigFor('warm');
try {
  const state = join(warm.dir, 'state');
  const t0 = performance.now();
  await applyUntil(warm, state, /pre-copied|cutover waits/);
  console.log(`warm: pre-copy while running ${seconds(performance.now() - t0)}`);
  const changed = Math.round(chunks * 0.05);
  const fd = openSync(volumesOf(warm.sim.cloud('source')).find((v) => v.name === 'db-1-data')!.backingFile, 'r+');
  for (let i = 0; i < changed; i++) writeSync(fd, randomBytes(CHUNK), 0, CHUNK, Math.floor((i * chunks) / changed) * CHUNK);
  closeSync(fd);
  const before = (await streamEvents(state)).length;
  await setWindow(warm.repo.dir, '* * * * *');
  execFileSync('git', ['-C', warm.repo.dir, 'commit', '-qam', 'open the window']);
  await applyUntil(warm, state, migrated);
  const cutover = (await streamEvents(state)).slice(before);
  const downtime = Number(cutover.find((e) => e.type === 'WorkloadMigrated')!.data.downtimeMs);
  const estimate = Number(cutover.find((e) => e.type === 'SourceServerStopped')!.data.estimatedDowntimeMs);
  const sent = cutover.filter((e) => e.type === 'DiskCopied').reduce((sum, e) => sum + Number(e.data.bytesSent), 0);
  const hashOnly = cutover.filter((e) => e.type === 'DiskCopied' && e.data.disk === 'db-1-data').map((e) => Number(e.data.durationMs))[0] ?? 0;
  console.log(`warm: ${changed} of ${chunks} chunks (5 %) rewritten after the pre-copy; cutover downtime ${seconds(downtime)} (estimated ${seconds(estimate)}) = ${((downtime / coldDowntime) * 100).toFixed(1)} % of cold's (target ≤ 15 %)`);
  // Where the downtime goes: each step of the cutover with its duration.
  const started = new Map<string, number>();
  const spans: string[] = [];
  for (const e of cutover) {
    const activity = String(e.data.activity ?? '');
    if (e.type === 'WorkloadActivityStarted') started.set(activity, Date.parse(e.time));
    if (e.type === 'WorkloadActivityCompleted' && started.has(activity)) spans.push(`${activity} ${((Date.parse(e.time) - started.get(activity)!) / 1000).toFixed(1)} s`);
  }
  console.log(`warm: the cutover's steps: ${spans.join(', ')}`);
  console.log(`warm: bytes sent at cutover ${(sent / MiB).toFixed(0)} MiB = ${((sent / (sizeMiB * MiB)) * 100).toFixed(1)} % of the volume (target ≤ 10 %); the data volume's delta pass took ${seconds(hashOnly)}`);
} finally {
  await warm.close();
}

// A refresh pass with nothing changed: both hosts hash their sizeMiB in place, nothing crosses.
{
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { connectShell } = await import('../src/ssh/remoteShell.js');
  const { startConversionHost } = await import('../src/simulator/conversionHosts/sshServer.js');
  const { copyVolume } = await import('../src/transfer/copyVolume.js');
  const work = mkdtempSync(join(tmpdir(), 'stackshift-bench-warm-'));
  const key = newEd25519Key();
  const hosts = await Promise.all([0, 1].map(async () => {
    const h = await startConversionHost({ home: mkdtempSync(join(work, 'host-')) });
    writeFileSync(join(h.home, '.ssh', 'authorized_keys'), `${key.public}\n`, { mode: 0o600 });
    return { h, shell: await connectShell({ address: h.address, port: h.port, user: 'stackshift', hostKey: h.hostKey, privateKey: key.private }) };
  }));
  try {
    const [src, dst] = hosts as [typeof hosts[0], typeof hosts[0]];
    const from = join(work, 'from');
    const to = join(work, 'to');
    const fd = openSync(from, 'w');
    for (let at = 0; at < sizeMiB; at += 64) writeSync(fd, randomBytes(64 * MiB), 0, 64 * MiB, at * MiB);
    closeSync(fd);
    writeFileSync(to, Buffer.alloc(0));
    const input = { id: 'bench-refresh', source: { shell: src.shell, device: from, endpoint: { address: src.h.address, port: src.h.port, user: 'stackshift', hostKey: src.h.hostKey } }, destination: { shell: dst.shell, device: to }, sizeBytes: sizeMiB * MiB };
    const t0 = performance.now();
    await copyVolume(input);
    const full = performance.now() - t0;
    const t1 = performance.now();
    const idle = await copyVolume({ ...input, delta: true });
    const refresh = performance.now() - t1;
    console.log(`refresh pass, 0 % changed, ${sizeMiB} MiB: ${seconds(refresh)} (both hosts hashing in place, ${idle.bytesSent} bytes sent) vs the full copy's ${seconds(full)} unthrottled`);
  } finally {
    for (const { h, shell } of hosts) {
      shell.close();
      await h.stop();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

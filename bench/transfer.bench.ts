/**
 * Volume copy through real OpenSSH sshd conversion hosts on loopback (`npm run bench -- transfer`;
 * needs openssh-server and root, else it says so and skips). Measured in the same run:
 *  - a volume of random data: stackshift's copy vs the raw pipe `ssh src 'cat DEV' | ssh dst
 *    'cat > DEV'` (target: ≥ 0.9 of the pipe's throughput);
 *  - the same size 10 % allocated: stackshift (zero chunks not sent) vs the pipe copying it whole
 *    (target: ≥ 3× faster);
 *  - a copy killed at 50 % and resumed: bytes sent in all (target ≤ 1.1 × the data).
 * TRANSFER_BENCH_MIB sets the volume size (default 2048), TRANSFER_BENCH_REPS the runs of each copy
 * of random data (default 3; the median counts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyVolume, transferCiphers } from '../src/transfer/copyVolume.js';
import { daemonKey, MiB, SSHD, sparseDevice, startSshdHost, stopSshdHosts, type RealHost } from '../test/deep/sshdHosts.js';

const sizeMiB = Number(process.env.TRANSFER_BENCH_MIB ?? 2048);
if (!existsSync(SSHD) || process.getuid?.() !== 0) {
  console.log(`skipped: needs ${SSHD} (Debian's openssh-server) and root to add the conversion-host users`);
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'stackshift-bench-transfer-'));
chmodSync(work, 0o755);
const hosts: RealHost[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (bytes: number, ms: number) => `${((bytes / MiB) / (ms / 1000)).toFixed(0)} MiB/s`;

async function rawPipe(src: RealHost, dst: RealHost, from: string, to: string): Promise<number> {
  const keyFile = join(work, 'daemon-key');
  writeFileSync(keyFile, daemonKey.private, { mode: 0o600 });
  const known = join(work, 'known_hosts');
  writeFileSync(known, `[127.0.0.1]:${src.port} ${src.hostKey}\n[127.0.0.1]:${dst.port} ${dst.hostKey}\n`);
  const opts = (h: RealHost) => `-i ${keyFile} -p ${h.port} -o BatchMode=yes -o UserKnownHostsFile=${known} -o Compression=no`
    // The same ciphers as stackshift's host-to-host session, so the pipe is not handicapped by a slower default.
    + ` -o Ciphers=${transferCiphers} ${h.user}@127.0.0.1`;
  const t0 = performance.now();
  // A shell pipe, as the target spells it: piping the two ssh through this process (a stream
  // pipe) adds a copy and an event loop to the baseline, which made it 5-25 % slower.
  await new Promise<void>((resolve, reject) => {
    const pipe = spawn('sh', ['-c', `ssh ${opts(src)} 'cat ${from}' | ssh ${opts(dst)} 'cat > ${to}'`], { stdio: ['ignore', 'ignore', 'inherit'] });
    pipe.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`raw pipe exited ${code}`))));
  });
  return performance.now() - t0;
}

async function stackshift(src: RealHost, dst: RealHost, from: string, to: string, id: string) {
  const t0 = performance.now();
  const r = await copyVolume({ id, source: { shell: src.shell!, device: from, endpoint: { address: '127.0.0.1', port: src.port, user: src.user, hostKey: src.hostKey } }, destination: { shell: dst.shell!, device: to }, sizeBytes: sizeMiB * MiB });
  if (r.sha256Source !== r.sha256Destination) throw new Error('digests differ');
  return { ms: performance.now() - t0, sent: r.bytesSent };
}

try {
  const src = await startSshdHost(work, 'bsrc', hosts);
  const dst = await startSshdHost(work, 'bdst', hosts);
  const all = Array.from({ length: sizeMiB }, (_, i) => i);
  const full = sparseDevice(join(work, 'full'), src.user, all, sizeMiB);
  // 10 % allocated as file systems allocate: in extents (8 MiB every 80 MiB), not one MiB in ten.
  const tenth = sparseDevice(join(work, 'tenth'), src.user, all.filter((i) => i % 80 < 8), sizeMiB);
  const target = (name: string) => sparseDevice(join(work, name), dst.user, [], sizeMiB);
  const bytes = sizeMiB * MiB;
  console.log(`volume ${sizeMiB} MiB, two sshd conversion hosts on loopback, 2 cores shared`);

  // Each copy starts from the same disk state: `sync` first, so no copy pays for writing back the
  // previous one's dirty pages (the pipe leaves 2 GiB of them; stackshift fsyncs its own). The
  // order alternates and the median of REPS runs counts, so a neighbour's burst of load or the
  // run's position does not decide the ratio.
  const reps = Number(process.env.TRANSFER_BENCH_REPS ?? 3);
  const pipeRuns: number[] = [];
  const oursRuns: number[] = [];
  const pipeDurable: number[] = [];
  for (let i = 0; i < reps; i++) {
    for (const which of i % 2 === 0 ? ['pipe', 'ours'] : ['ours', 'pipe']) {
      const t = target(`r${i}${which}`);
      execFileSync('sync');
      if (which === 'pipe') {
        const ms = await rawPipe(src, dst, full, t);
        pipeRuns.push(ms);
        const s0 = performance.now();
        execFileSync('sync');
        pipeDurable.push(ms + performance.now() - s0);
      } else {
        oursRuns.push((await stackshift(src, dst, full, t, `bench-full-${i}`)).ms);
      }
      rmSync(t);
    }
  }
  const pipeFull = median(pipeRuns);
  const oursFull = median(oursRuns);
  const each = (xs: number[]) => xs.map((ms) => rate(bytes, ms)).join(', ');
  console.log(`random data, median of ${reps}: raw ssh|ssh pipe ${rate(bytes, pipeFull)} (${each(pipeRuns)}); stackshift ${rate(bytes, oursFull)} (${each(oursRuns)}; checksummed per chunk and whole disk, fsynced) = ${(pipeFull / oursFull).toFixed(2)} of the pipe (target ≥ 0.9)`);
  console.log(`  the pipe until its bytes are on disk too (its time + sync): ${rate(bytes, median(pipeDurable))}`);

  execFileSync('sync');
  const pipeTenth = await rawPipe(src, dst, tenth, target('t3'));
  execFileSync('sync');
  const oursTenth = await stackshift(src, dst, tenth, target('t4'), 'bench-tenth');
  console.log(`10 % allocated: raw pipe ${(pipeTenth / 1000).toFixed(1)} s (copies it whole); stackshift ${(oursTenth.ms / 1000).toFixed(1)} s, ${(oursTenth.sent / MiB).toFixed(0)} MiB sent = ${(pipeTenth / oursTenth.ms).toFixed(1)}× faster (target ≥ 3×)`);

  const to = target('t5');
  const controller = new AbortController();
  let before = 0;
  let checkpoint = 0;
  await copyVolume({
    id: 'bench-resume', source: { shell: src.shell!, device: full, endpoint: { address: '127.0.0.1', port: src.port, user: src.user, hostKey: src.hostKey } }, destination: { shell: dst.shell!, device: to },
    sizeBytes: bytes, signal: controller.signal,
    onProgress: (p) => {
      before = p.bytesSent;
      checkpoint = p.verifiedOffset;
      if (p.verifiedOffset >= bytes / 2) controller.abort(new Error('killed at 50 %'));
    },
  }).catch(() => undefined);
  const resumed = await copyVolume({ id: 'bench-resume', source: { shell: src.shell!, device: full, endpoint: { address: '127.0.0.1', port: src.port, user: src.user, hostKey: src.hostKey } }, destination: { shell: dst.shell!, device: to }, sizeBytes: bytes, fromOffset: checkpoint });
  console.log(`killed at ${((checkpoint / bytes) * 100).toFixed(0)} % and resumed: ${((before + resumed.bytesSent) / MiB).toFixed(0)} MiB sent in all for ${sizeMiB} MiB = ${((before + resumed.bytesSent) / bytes).toFixed(2)}× (target ≤ 1.1); digests ${resumed.sha256Source === resumed.sha256Destination ? 'match' : 'DIFFER'}`);
} finally {
  stopSshdHosts(hosts);
  rmSync(work, { recursive: true, force: true });
}

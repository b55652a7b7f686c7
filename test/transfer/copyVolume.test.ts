/**
 * A volume copy between two in-process conversion hosts over SSH: the destination pulls from the
 * source with a per-transfer key; zero chunks are not sent; both whole-disk digests match; an
 * interrupted copy resumes from its last verified offset without sending the data again; the
 * transfer key is gone from both hosts afterwards.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectShell, type RemoteShell } from '../../src/ssh/remoteShell.js';
import { startConversionHost, type ConversionHostServer } from '../../src/simulator/conversionHosts/sshServer.js';
import { copyVolume, type CopyProgress } from '../../src/transfer/copyVolume.js';
import { newEd25519Key } from '../../src/ssh/ed25519Key.js';

const MiB = 1024 * 1024;
const size = 64 * MiB;
const chunk = 1 * MiB;
const daemonKey = newEd25519Key();
let src: ConversionHostServer;
let dst: ConversionHostServer;
let srcShell: RemoteShell;
let dstShell: RemoteShell;
let work: string;

async function host(): Promise<[ConversionHostServer, RemoteShell]> {
  const h = await startConversionHost({ home: mkdtempSync(join(tmpdir(), 'stackshift-convhost-')) });
  writeFileSync(join(h.home, '.ssh', 'authorized_keys'), `${daemonKey.public}\n`, { mode: 0o600 });
  return [h, await connectShell({ address: h.address, port: h.port, user: 'stackshift', hostKey: h.hostKey, privateKey: daemonKey.private })];
}

/** A sparse device whose listed MiB hold random data. */
function device(name: string, dataMiB: number[] = []): string {
  const path = join(work, name);
  const fd = openSync(path, 'w');
  for (const m of dataMiB) writeSync(fd, randomBytes(chunk), 0, chunk, m * MiB);
  closeSync(fd);
  writeFileSync(path, Buffer.alloc(0), { flag: 'a' });
  const grow = openSync(path, 'r+');
  writeSync(grow, Buffer.alloc(1), 0, 1, size - 1);
  closeSync(grow);
  return path;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'stackshift-devices-'));
  [src, srcShell] = await host();
  [dst, dstShell] = await host();
});
after(async () => {
  srcShell?.close();
  dstShell?.close();
  await src?.stop();
  await dst?.stop();
});

const endpoint = () => ({ address: src.address, port: src.port, user: 'stackshift', hostKey: src.hostKey });

test('copies host to host: zero chunks are skipped, both digests match, the key is removed', async () => {
  const data = [0, 3, 7, 20, 21, 40, 63];
  const from = device('a-src', data);
  const to = device('a-dst');
  const seen: CopyProgress[] = [];
  const result = await copyVolume({ id: 'web-1-vda', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk, onProgress: (p) => void seen.push(p) });
  assert.equal(result.sha256Source, result.sha256Destination);
  assert.deepEqual(readFileSync(to), readFileSync(from));
  assert.equal(result.bytesSent, data.length * MiB + (data.includes(63) ? 0 : MiB), 'only chunks with data crossed');
  assert.equal(result.bytesSkipped + result.bytesSent, size);
  assert.ok(seen.length > 0 && seen.at(-1)?.verifiedOffset === size);
  assert.doesNotMatch(readFileSync(join(src.home, '.ssh', 'authorized_keys'), 'utf8'), /stackshift-transfer/);
  assert.equal(existsSync(join(dst.home, '.stackshift', 'stackshift-transfer-web-1-vda')), false);
});

test('the session uses the ciphers asked for, and a cipher the hosts do not share fails the copy saying so', async () => {
  const from = device('c-src', [1, 2]);
  const to = device('c-dst');
  const result = await copyVolume({ id: 'c-1', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk, ciphers: 'chacha20-poly1305@openssh.com' });
  assert.equal(result.sha256Source, result.sha256Destination);
  assert.deepEqual(readFileSync(to), readFileSync(from));
  // aes256-cbc: OpenSSH's client takes it when asked; the conversion host's server (ssh2's defaults) does not.
  await assert.rejects(copyVolume({ id: 'c-2', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: device('c-dst2') }, sizeBytes: size, chunkBytes: chunk, ciphers: 'aes256-cbc' }),
    /no matching cipher/);
});

test('without splice (Python < 3.10) the programs copy, skip zeros, resume and send deltas the same', async () => {
  const data = [0, 5, 6, 30, 63];
  const from = device('d-src', data);
  const to = device('d-dst');
  const full = await copyVolume({ id: 'd-1', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk, zeroCopy: false });
  assert.equal(full.sha256Source, full.sha256Destination);
  assert.equal(full.bytesSent, data.length * MiB);
  assert.deepEqual(readFileSync(to), readFileSync(from));
  const fd = openSync(from, 'r+');
  writeSync(fd, randomBytes(chunk), 0, chunk, 6 * MiB);
  writeSync(fd, Buffer.alloc(chunk), 0, chunk, 30 * MiB);
  closeSync(fd);
  const again = await copyVolume({ id: 'd-2', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk, zeroCopy: false, delta: true, fromOffset: 4 * MiB });
  assert.equal(again.sha256Source, again.sha256Destination);
  assert.equal(again.bytesSent, MiB, 'only the rewritten chunk crossed');
  assert.deepEqual(readFileSync(to), readFileSync(from));
});

test('a destination device smaller than the copy is refused with both sizes', async () => {
  const from = device('e-src', [1]);
  const small = join(work, 'e-dst');
  writeFileSync(small, Buffer.alloc(MiB));
  await assert.rejects(copyVolume({ id: 'e-1', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: small }, sizeBytes: size, chunkBytes: chunk }),
    new RegExp(`e-dst holds ${MiB} bytes, fewer than the ${size} to copy`));
});

test('an interrupted copy resumes from its last verified offset and sends the data once', async () => {
  const data = Array.from({ length: 64 }, (_, i) => i); // all data: 64 MiB to send
  const from = device('b-src', data);
  const to = device('b-dst');
  const controller = new AbortController();
  let checkpoint = 0;
  let sentBefore = 0;
  // Paced at 16 MiB/s, so the stop lands mid-copy.
  await assert.rejects(copyVolume({
    id: 'db-1-vdb', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to },
    sizeBytes: size, chunkBytes: chunk, rateBytesPerSec: 16 * MiB, signal: controller.signal,
    onProgress: (p) => {
      checkpoint = p.verifiedOffset;
      sentBefore = p.bytesSent;
      if (p.verifiedOffset >= 16 * MiB) controller.abort(new Error('stopped'));
    },
  }));
  assert.ok(checkpoint >= 16 * MiB && checkpoint < size, `stopped at ${checkpoint}`);
  const resumed = await copyVolume({ id: 'db-1-vdb', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk, fromOffset: checkpoint });
  assert.equal(resumed.sha256Source, resumed.sha256Destination);
  assert.deepEqual(readFileSync(to), readFileSync(from));
  const total = sentBefore + resumed.bytesSent;
  assert.ok(total <= 1.1 * size, `sent ${total} bytes in all for ${size}`);
  assert.equal(resumed.bytesSent, size - checkpoint);
});

test('preflight says what a conversion host lacks', async () => {
  const { preflightConversionHost } = await import('../../src/transfer/preflight.js');
  await preflightConversionHost(srcShell, { devicesDir: work, needsSshClient: true });
  await assert.rejects(preflightConversionHost(srcShell, { devicesDir: join(work, 'no-such-dir'), needsSshClient: true }), /device directory .*no-such-dir does not exist/);
});

/** Overwrites the listed MiB of a device with new random data (a guest writing between passes). */
function scribble(path: string, mibs: number[]): void {
  const fd = openSync(path, 'r+');
  for (const m of mibs) writeSync(fd, randomBytes(chunk), 0, chunk, m * MiB);
  closeSync(fd);
}

test('a delta pass sends only the chunks that changed since the destination\'s copy, zeros included', async () => {
  const from = device('c-src', [1, 2, 3, 10, 30, 50]);
  const to = device('c-dst');
  const first = await copyVolume({ id: 'app-1-vda', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk });
  assert.equal(first.sha256Source, first.sha256Destination);
  scribble(from, [2, 44, 45]);
  // A chunk that had data and is now zeros must reach the destination as zeros.
  const fd = openSync(from, 'r+');
  writeSync(fd, Buffer.alloc(chunk), 0, chunk, 30 * MiB);
  closeSync(fd);
  const second = await copyVolume({ id: 'app-1-vda', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk, delta: true });
  assert.equal(second.sha256Source, second.sha256Destination);
  assert.deepEqual(readFileSync(to), readFileSync(from));
  assert.equal(second.bytesSent, 3 * MiB, 'the three rewritten chunks crossed');
  assert.equal(second.bytesSkipped, MiB, 'the zeroed chunk was written as zeros without its bytes');
  assert.equal(second.bytesUnchanged, size - 4 * MiB);
  const idle = await copyVolume({ id: 'app-1-vda', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk, delta: true });
  assert.equal(idle.bytesSent + idle.bytesSkipped, 0, 'nothing crosses when nothing changed');
  assert.equal(idle.sha256Destination, second.sha256Destination);
});

test('an interrupted delta pass resumes from its verified offset', async () => {
  const from = device('d-src', Array.from({ length: 64 }, (_, i) => i));
  const to = device('d-dst');
  await copyVolume({ id: 'db-1-vdc', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk });
  const changed = Array.from({ length: 32 }, (_, i) => i * 2); // every other MiB
  scribble(from, changed);
  const controller = new AbortController();
  let checkpoint = 0;
  let sentBefore = 0;
  await assert.rejects(copyVolume({
    id: 'db-1-vdc', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to },
    sizeBytes: size, chunkBytes: chunk, delta: true, rateBytesPerSec: 8 * MiB, signal: controller.signal,
    onProgress: (p) => {
      checkpoint = p.verifiedOffset;
      sentBefore = p.bytesSent;
      if (p.verifiedOffset >= 16 * MiB) controller.abort(new Error('stopped'));
    },
  }));
  assert.ok(checkpoint >= 16 * MiB && checkpoint < size, `stopped at ${checkpoint}`);
  const resumed = await copyVolume({ id: 'db-1-vdc', source: { shell: srcShell, device: from, endpoint: endpoint() }, destination: { shell: dstShell, device: to }, sizeBytes: size, chunkBytes: chunk, delta: true, fromOffset: checkpoint });
  assert.equal(resumed.sha256Source, resumed.sha256Destination);
  assert.deepEqual(readFileSync(to), readFileSync(from));
  // Chunks written after the last report are already there on the resume: they count as unchanged.
  assert.ok(resumed.bytesSent <= changed.filter((m) => m * MiB >= checkpoint).length * MiB, 'only changed chunks past the checkpoint crossed');
  assert.ok(sentBefore + resumed.bytesSent <= changed.length * MiB, `${sentBefore} + ${resumed.bytesSent} bytes sent for ${changed.length} changed MiB`);
});

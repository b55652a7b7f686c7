/**
 * The volume copy through two real OpenSSH sshd instances on loopback, each with its own user
 * and home as two conversion hosts have (needs Debian's openssh-server; `.ci/run` installs it).
 * The users are created for the test and removed in a finally, whatever happens.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connectShell } from '../../src/ssh/remoteShell.js';
import { copyVolume } from '../../src/transfer/copyVolume.js';
import { daemonKey, MiB, requireSshd, sparseDevice, startSshdHost, stopSshdHosts, type RealHost } from './sshdHosts.js';
import { newEd25519Key } from '../../src/ssh/ed25519Key.js';

const hosts: RealHost[] = [];
let work: string;

before(async () => {
  requireSshd();
  work = mkdtempSync(join(tmpdir(), 'stackshift-sshd-'));
  chmodSync(work, 0o755);
  await startSshdHost(work, 'src', hosts);
  await startSshdHost(work, 'dst', hosts);
});

after(() => stopSshdHosts(hosts));

test('a volume copies between two real sshd conversion hosts, skipping zeros and resuming after a stop', async () => {
  const [src, dst] = hosts as [RealHost, RealHost];
  const sizeMiB = 48;
  const from = sparseDevice(join(work, 'vol-src'), src.user, [0, 1, 2, 10, 30, 31, 47], sizeMiB);
  const to = sparseDevice(join(work, 'vol-dst'), dst.user, [], sizeMiB);
  const endpoint = { address: '127.0.0.1', port: src.port, user: src.user, hostKey: src.hostKey };
  const controller = new AbortController();
  let checkpoint = 0;
  await assert.rejects(copyVolume({
    id: 'deep-1', source: { shell: src.shell!, device: from, endpoint }, destination: { shell: dst.shell!, device: to },
    sizeBytes: sizeMiB * MiB, chunkBytes: MiB, rateBytesPerSec: 4 * MiB, signal: controller.signal,
    onProgress: (p) => {
      checkpoint = p.verifiedOffset;
      if (p.verifiedOffset >= 2 * MiB) controller.abort(new Error('stopped'));
    },
  }));
  assert.ok(checkpoint > 0 && checkpoint < sizeMiB * MiB);
  const done = await copyVolume({ id: 'deep-1', source: { shell: src.shell!, device: from, endpoint }, destination: { shell: dst.shell!, device: to }, sizeBytes: sizeMiB * MiB, chunkBytes: MiB, fromOffset: checkpoint });
  assert.equal(done.sha256Source, done.sha256Destination);
  assert.deepEqual(readFileSync(to), readFileSync(from));
  assert.ok(done.bytesSkipped > 30 * MiB, 'zero chunks were not sent');
  assert.doesNotMatch(readFileSync(join(src.home, '.ssh', 'authorized_keys'), 'utf8'), /stackshift-transfer/);
});

test('real sshd with another host key than the pinned one is refused', async () => {
  const [src] = hosts as [RealHost];
  const other = newEd25519Key().public;
  await assert.rejects(connectShell({ address: '127.0.0.1', port: src.port, user: src.user, hostKey: other, privateKey: daemonKey.private }), /host key other than the one pinned/);
});

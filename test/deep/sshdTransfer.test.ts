/**
 * The volume copy through two real OpenSSH sshd instances on loopback, each with its own user
 * and home as two conversion hosts have (needs Debian's openssh-server; `.ci/run` installs it).
 * The users are created for the test and removed in a finally, whatever happens.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ssh2 from 'ssh2';
import { connectShell, type RemoteShell } from '../../src/ssh/remoteShell.js';
import { copyVolume } from '../../src/transfer/copyVolume.js';

const SSHD = '/usr/sbin/sshd';
const MiB = 1024 * 1024;
const daemonKey = ssh2.utils.generateKeyPairSync('ed25519');
const suffix = randomBytes(3).toString('hex');

interface RealHost { user: string; home: string; port: number; hostKey: string; sshd: ChildProcess; shell?: RemoteShell }
const hosts: RealHost[] = [];
let work: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startSshd(name: string): Promise<RealHost> {
  const user = `ss${name}${suffix}`;
  const home = join(work, user);
  // '*' and not useradd's '!': sshd without PAM refuses a locked account even for key logins.
  execFileSync('useradd', ['--home-dir', home, '--create-home', '--shell', '/bin/sh', '--password', '*', user]);
  const host: RealHost = { user, home, port: await freePort(), hostKey: '', sshd: undefined as unknown as ChildProcess };
  hosts.push(host);
  const etc = join(work, `${name}-etc`);
  mkdirSync(etc);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(etc, 'hostkey')]);
  host.hostKey = readFileSync(join(etc, 'hostkey.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  writeFileSync(join(home, '.ssh', 'authorized_keys'), `${daemonKey.public}\n`);
  execFileSync('chown', ['-R', `${user}:${user}`, home]);
  writeFileSync(join(etc, 'sshd_config'), [
    `Port ${host.port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(etc, 'hostkey')}`, `PidFile ${join(etc, 'sshd.pid')}`,
    'UsePAM no', 'StrictModes no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes',
    'AuthorizedKeysFile .ssh/authorized_keys', `AllowUsers ${user}`, 'LogLevel ERROR',
  ].join('\n'));
  mkdirSync('/run/sshd', { recursive: true });
  host.sshd = spawn(SSHD, ['-D', '-e', '-f', join(etc, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  host.sshd.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  for (let i = 0; i < 50; i++) {
    try {
      host.shell = await connectShell({ address: '127.0.0.1', port: host.port, user, hostKey: host.hostKey, privateKey: daemonKey.private });
      return host;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`sshd for ${user} did not accept connections: ${log}`);
}

function device(name: string, owner: string, dataMiB: number[], sizeMiB: number): string {
  const path = join(work, name);
  const fd = openSync(path, 'w');
  for (const m of dataMiB) writeSync(fd, randomBytes(MiB), 0, MiB, m * MiB);
  writeSync(fd, Buffer.alloc(1), 0, 1, sizeMiB * MiB - 1);
  closeSync(fd);
  execFileSync('chown', [`${owner}:${owner}`, path]);
  return path;
}

before(async () => {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install Debian's openssh-server (apt-get install openssh-server); .ci/run does`);
  work = mkdtempSync(join(tmpdir(), 'stackshift-sshd-'));
  chmodSync(work, 0o755);
  await startSshd('src');
  await startSshd('dst');
});

after(() => {
  for (const h of hosts) {
    h.shell?.close();
    h.sshd?.kill('SIGTERM');
    try {
      execFileSync('userdel', [h.user]);
    } catch {
      // already gone
    }
  }
});

test('a volume copies between two real sshd conversion hosts, skipping zeros and resuming after a stop', async () => {
  const [src, dst] = hosts as [RealHost, RealHost];
  const sizeMiB = 48;
  const from = device('vol-src', src.user, [0, 1, 2, 10, 30, 31, 47], sizeMiB);
  const to = device('vol-dst', dst.user, [], sizeMiB);
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
  const other = ssh2.utils.generateKeyPairSync('ed25519').public;
  await assert.rejects(connectShell({ address: '127.0.0.1', port: src.port, user: src.user, hostKey: other, privateKey: daemonKey.private }), /host key other than the one pinned/);
});

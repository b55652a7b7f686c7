/**
 * Real OpenSSH sshd instances on loopback as conversion hosts, each with its own Unix user and
 * home (as two conversion hosts have), for the deep suite and the transfer benchmark. Needs
 * Debian's openssh-server and root (to add the users); `stopSshdHosts` removes the users again.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connectShell, type RemoteShell } from '../../src/ssh/remoteShell.js';
import { newEd25519Key } from '../../src/ssh/ed25519Key.js';

export const SSHD = '/usr/sbin/sshd';
export const MiB = 1024 * 1024;
export const daemonKey = newEd25519Key();
const suffix = randomBytes(3).toString('hex');

export interface RealHost { user: string; home: string; port: number; hostKey: string; sshd: ChildProcess; shell?: RemoteShell }

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export function requireSshd(): void {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: install Debian's openssh-server (apt-get install openssh-server); .ci/run does`);
}

export async function startSshdHost(work: string, name: string, hosts: RealHost[]): Promise<RealHost> {
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

export function stopSshdHosts(hosts: RealHost[]): void {
  for (const h of hosts) {
    h.shell?.close();
    h.sshd?.kill('SIGTERM');
    try {
      // Session processes of the user outlive the listening sshd: end them, then remove the user.
      execFileSync('pkill', ['-KILL', '-u', h.user], { stdio: 'ignore' });
    } catch {
      // none left
    }
    try {
      execFileSync('userdel', ['-f', h.user], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}

/** A sparse device file owned by `owner` whose listed MiB hold random data. */
export function sparseDevice(path: string, owner: string, dataMiB: number[], sizeMiB: number): string {
  const fd = openSync(path, 'w');
  for (const m of dataMiB) writeSync(fd, randomBytes(MiB), 0, MiB, m * MiB);
  writeSync(fd, Buffer.alloc(1), 0, 1, sizeMiB * MiB - 1);
  closeSync(fd);
  execFileSync('chown', [`${owner}:${owner}`, path]);
  return path;
}

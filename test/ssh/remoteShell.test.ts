/**
 * SSH to a conversion host (the in-process one, as npm test and the demo use): commands run with
 * their output and exit status; a host that presents another key than the pinned one is refused
 * before anything runs; a stopped command is killed; OpenSSH's own client works against it too
 * (the destination host pulls the bytes from the source host with it).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isStackshiftError } from '../../src/errors.js';
import { connectShell } from '../../src/ssh/remoteShell.js';
import { startConversionHost, type ConversionHostServer } from '../../src/simulator/conversionHosts/sshServer.js';
import { newEd25519Key } from '../../src/ssh/ed25519Key.js';

let host: ConversionHostServer;
const clientKey = newEd25519Key('stackshift-test');
before(async () => {
  host = await startConversionHost({ home: mkdtempSync(join(tmpdir(), 'stackshift-convhost-')) });
  writeFileSync(join(host.home, '.ssh', 'authorized_keys'), `${clientKey.public}\n`, { mode: 0o600 });
});
after(async () => {
  await host?.stop();
});

const target = () => ({ address: host.address, port: host.port, user: 'stackshift', hostKey: host.hostKey, privateKey: clientKey.private });

test('runs a command with its output and exit status, in the host\'s home', async () => {
  const shell = await connectShell(target());
  try {
    const r = await shell.exec('echo "$HOME"; cat; echo oops >&2; exit 3', { stdin: 'from stdin\n' });
    assert.deepEqual([r.code, r.stdout, r.stderr], [3, `${host.home}\nfrom stdin\n`, 'oops\n']);
  } finally {
    shell.close();
  }
});

test('a host presenting another key than the pinned one is refused and runs nothing', async () => {
  const other = newEd25519Key().public;
  await assert.rejects(connectShell({ ...target(), hostKey: other }), (err: unknown) => {
    assert.ok(isStackshiftError(err));
    assert.equal(err.retry, 'never');
    assert.match(err.message, /host key other than the one pinned/);
    return true;
  });
  const shell = await connectShell(target());
  try {
    assert.equal(existsSync(join(host.home, 'ran')), false);
  } finally {
    shell.close();
  }
});

test('a key that is not in authorized_keys is refused', async () => {
  const stranger = newEd25519Key();
  await assert.rejects(connectShell({ ...target(), privateKey: stranger.private }), /cannot open SSH/);
});

test('aborting a command closes its channel and kills it', async () => {
  const shell = await connectShell(target());
  try {
    const controller = new AbortController();
    const running = shell.exec('sleep 5; touch ran-too-long', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped')), 100);
    const t0 = Date.now();
    await assert.rejects(running, /stopped/);
    assert.ok(Date.now() - t0 < 2_000);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(existsSync(join(host.home, 'ran-too-long')), false);
  } finally {
    shell.close();
  }
});

test('OpenSSH\'s client connects to it with the pinned key in known_hosts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stackshift-ssh-client-'));
  writeFileSync(join(dir, 'id'), clientKey.private, { mode: 0o600 });
  writeFileSync(join(dir, 'known_hosts'), `[${host.address}]:${host.port} ${host.hostKey}\n`);
  // Asynchronous: the server runs in this process and must keep answering.
  const { stdout: out } = await promisify(execFile)('ssh', ['-i', join(dir, 'id'), '-p', String(host.port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`, '-o', 'IdentitiesOnly=yes', `stackshift@${host.address}`, 'echo over-openssh'], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(out, 'over-openssh\n');
});

/** `stackshift sim` runs the conversion hosts of stackshift.yaml: SSH with the written key, pinned host keys, clear port errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { parse, parseDocument } from 'yaml';
import { tempDirSync } from '../fixtures/tempDir.js';

const root = join(import.meta.dirname, '..', '..');

function sim(args: string[]): { child: ChildProcessWithoutNullStreams; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sim', ...args], { cwd: root });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The output up to the line after the ready line (the conversion-host lines follow it at once). */
async function untilReady(s: ReturnType<typeof sim>): Promise<string> {
  for (;;) {
    const lines = s.stdout().split('\n');
    if (lines.some((l) => l.startsWith('stackshift.yaml for this run:'))) return lines.find((l) => l.startsWith('ready'))!;
    const code = await Promise.race([s.exited, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 50))]);
    if (code !== 'wait') throw new Error(`sim exited early with ${code}: ${s.stderr()}`);
  }
}

/** Runs a command on a host, verifying its host key as stackshift does (a different key: no connection). */
function sshRun(host: { port: number; user: string }, privateKey: Buffer, pinned: string, command: string): Promise<string> {
  const expected = Buffer.from(pinned.split(/\s+/)[1]!, 'base64');
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.once('error', reject);
    client.once('ready', () =>
      client.exec(command, (err, channel) => {
        if (err) return reject(err);
        let out = '';
        channel.on('data', (c: Buffer) => (out += c.toString()));
        channel.on('close', () => (client.end(), resolve(out)));
      }),
    );
    client.connect({ host: '127.0.0.1', port: host.port, username: host.user, privateKey, readyTimeout: 10_000, hostVerifier: (key: Buffer) => key.equals(expected) });
  });
}

test('`stackshift sim` runs the conversion hosts: the written key logs in, pinned host keys, devices dir, cleaned up on SIGTERM', async () => {
  const dir = tempDirSync('sim-hosts-');
  const cloudsOut = join(dir, 'clouds.yaml');
  const s = sim(['--clouds-out', cloudsOut, '--conversion-hosts-any-port']);
  const ready = await untilReady(s);
  const keyPath = join(dir, 'stackshift-sim-ed25519');
  assert.match(ready, new RegExp(`^ready clouds=${cloudsOut} .* control=\\S+ conversion-hosts=2 ssh-key=${keyPath}$`));
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
  const config = parse(readFileSync(join(dir, 'stackshift.sim.yaml'), 'utf8')) as { conversionHosts: Record<'source' | 'destination', { port: number; user: string; hostKey: string; privateKeyPath: string; devicesDir: string }>[] };
  const { source, destination } = config.conversionHosts[0]!;
  assert.equal(source.privateKeyPath, keyPath);
  assert.notEqual(source.port, destination.port);
  const key = readFileSync(keyPath);
  for (const host of [source, destination]) {
    assert.equal(await sshRun(host, key, host.hostKey, `test -d '${host.devicesDir}' && echo ok`), 'ok\n');
  }
  // The source host presents its own key, so a client pinning the destination's refuses it.
  await assert.rejects(sshRun(source, key, destination.hostKey, 'echo ok'), /verification failed/i);
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, 0);
  for (const f of [cloudsOut, keyPath, `${keyPath}.pub`, join(dir, 'stackshift.sim.yaml'), join(dir, 'stackshift-sim-devices')]) assert.ok(!existsSync(f), `${f} removed on exit`);
});

test('`stackshift sim` names the conversion host whose port is taken and what to do', async () => {
  const dir = tempDirSync('sim-hosts-');
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const taken = (blocker.address() as { port: number }).port;
  const doc = parseDocument(readFileSync(join(root, 'example-repo', 'stackshift.yaml'), 'utf8'));
  doc.setIn(['conversionHosts', 0, 'source', 'port'], taken);
  writeFileSync(join(dir, 'stackshift.yaml'), doc.toString());
  const s = sim(['--clouds-out', join(dir, 'clouds.yaml'), '--stackshift-yaml', join(dir, 'stackshift.yaml')]);
  const code = await s.exited;
  blocker.close();
  assert.equal(code, 1, s.stderr());
  assert.match(s.stderr(), new RegExp(`stackshift-conv-src \\(source of pair pair-1\\) cannot listen on 127\\.0\\.0\\.1:${taken}: the port is in use`));
  assert.match(s.stderr(), /--conversion-hosts-any-port/);
  assert.ok(!s.stdout().includes('ready'));
  for (const f of ['clouds.yaml', 'stackshift-sim-ed25519', 'stackshift.sim.yaml', 'stackshift-sim-devices']) assert.ok(!existsSync(join(dir, f)), `${f} removed`);
});

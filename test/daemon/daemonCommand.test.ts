import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isStackshiftError } from '../../src/errors.js';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { packageRoot } from '../../src/paths.js';
import { createGitRepo } from '../fixtures/gitRepo.js';

const children: ChildProcess[] = [];
const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src/cli/main.ts'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
};

async function waitFor(what: () => boolean, ms: number, why: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${why()}`);
    await sleep(25);
  }
}

test('stackshift daemon: rejects an invalid commit, takes a webhook, stops on SIGTERM with exit 0 and resumes from its log', async () => {
  const repo = await createGitRepo({ 'stackshift.yaml': 'version: 1\n' });
  const work = await mkdtemp(join(tmpdir(), 'stackshift-daemon-cmd-'));
  const secretFile = join(work, 'hook-secret');
  await writeFile(secretFile, 'a-webhook-secret-of-some-length\n');
  const args = ['daemon', '--repo', repo.dir, '--state', join(work, 'state'), '--interval', '1h', '--listen', '127.0.0.1:0', '--webhook-secret-file', secretFile];
  try {
    const first = await repo.head();
    let log = '';
    const child = cli(args);
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await waitFor(() => /commit pass for \w+: rejected/.test(log), 20_000, () => log);
    assert.match(log, new RegExp(`commit pass for ${first.slice(0, 7)}: rejected`));
    const url = /listening on (http:\/\/[\d.:]+)/.exec(log)?.[1];
    assert.ok(url, log);

    const second = await repo.commit({ 'stackshift.yaml': 'version: 2\n' }, 'still invalid');
    const body = '{"ref":"refs/heads/main"}';
    const hook = await fetch(`${url}/hooks/git`, { method: 'POST', body, headers: { 'x-gitea-signature': createHmac('sha256', 'a-webhook-secret-of-some-length').update(body).digest('hex') } });
    assert.equal(hook.status, 202);
    await waitFor(() => log.includes(`commit pass for ${second.slice(0, 7)}: rejected`), 20_000, () => log);
    type Status = { condition: string; commits: { lastRejected: { commit: string } | null }; daemon: { head: string; current: string | null; settled: string } };
    // The projection follows the log through a subscription: it may be a moment behind the log line.
    let status = (await (await fetch(`${url}/status`)).json()) as Status;
    for (let i = 0; i < 100 && status.commits.lastRejected?.commit !== second; i++) {
      await sleep(20);
      status = (await (await fetch(`${url}/status`)).json()) as Status;
    }
    assert.deepEqual([status.daemon.head, status.daemon.current, status.daemon.settled], [second, null, second]);
    assert.equal(status.commits.lastRejected?.commit, second, 'the projection folded the rejection from the log');
    assert.equal(status.condition, 'Stalled', 'a rejected head needs a human');

    child.kill('SIGTERM');
    assert.equal(await exited, 0, log);
    assert.match(log, /SIGTERM: stopping after the step in flight/);

    // The log holds both rejections; a restart on the same head does not re-run the pass.
    const store = await openFileEventStore(join(work, 'state'));
    const rejected: string[] = [];
    for await (const e of store.readAll()) if (e.type === 'DesiredStateRejected') rejected.push(e.commit ?? '');
    await store.close();
    assert.deepEqual(rejected, [first, second]);
    let again = '';
    const restarted = cli(args);
    restarted.stderr.on('data', (d: Buffer) => (again += d.toString()));
    const restartedExit = new Promise<number | null>((done) => restarted.on('exit', (code) => done(code)));
    await waitFor(() => again.includes('was rejected before'), 20_000, () => again);
    restarted.kill('SIGINT');
    assert.equal(await restartedExit, 0);
    assert.doesNotMatch(again, /pass for/);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await repo.cleanup();
    await rm(work, { recursive: true, force: true });
  }
});

test('stackshift daemon: usage errors exit 2 and say what to do', async () => {
  const { run } = await import('../../src/commands/daemon.js');
  const lines: string[] = [];
  const output = { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t), interactive: false };
  const usage = (err: unknown, message: RegExp) => isStackshiftError(err) && err.exitCode === 2 && message.test(err.message);
  const saved = process.env.STACKSHIFT_REPO;
  delete process.env.STACKSHIFT_REPO;
  try {
    await assert.rejects(run([], output), (err) => usage(err, /--repo is required/));
    await assert.rejects(run(['--repo', '.', '--interval', 'soon'], output), (err) => usage(err, /--interval soon is not a duration/));
    await assert.rejects(run(['--repo', '.', '--listen', 'nowhere'], output), (err) => usage(err, /--listen nowhere is not an address/));
    assert.equal(await run(['--help'], output), 0);
    assert.match(lines.join('\n'), /usage: stackshift daemon --repo DIR\|URL/);
  } finally {
    if (saved !== undefined) process.env.STACKSHIFT_REPO = saved;
  }
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { packageRoot } from '../../src/paths.js';
import { createGitRepo } from '../fixtures/gitRepo.js';
import { tempDir } from '../fixtures/tempDir.js';

const cli = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src/cli/main.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

test('stackshift daemon --log-format json: every stderr line is one JSON object with time, level, msg and the pass\'s fields', async () => {
  const repo = await createGitRepo({ 'stackshift.yaml': 'version: 1\n' });
  const state = join(await tempDir('ss-jsonlog-'), 'state');
  const child = cli(['daemon', '--repo', repo.dir, '--state', state, '--interval', '1h', '--listen', '127.0.0.1:0', '--log-format', 'json']);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    const head = await repo.head();
    const deadline = Date.now() + 20_000;
    while (!stderr.includes('"result":"rejected"')) {
      if (Date.now() > deadline) assert.fail(`no rejected pass logged:\n${stderr}`);
      await sleep(25);
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const entries = stderr.trimEnd().split('\n').map((line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      assert.deepEqual(Object.keys(entry).slice(0, 3), ['time', 'level', 'msg'], line);
      assert.ok(!Number.isNaN(Date.parse(String(entry.time))) && ['debug', 'info', 'warn', 'error'].includes(String(entry.level)), line);
      return entry;
    });
    const pass = entries.find((e) => e.result === 'rejected')!;
    assert.equal(pass.reason, 'commit');
    assert.equal(pass.commit, head, 'the full commit id as a field');
    assert.equal(typeof pass.durationMs, 'number');
    assert.match(String(pass.msg), new RegExp(`commit pass for ${head.slice(0, 7)}: rejected`), 'msg is the human sentence');
    assert.match(String(entries.find((e) => typeof e.url === 'string')?.url), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(entries.some((e) => e.signal === 'SIGTERM'), 'the stop is logged as JSON too');
  } finally {
    child.kill('SIGKILL');
    await repo.cleanup();
  }
});

test('stackshift daemon --log-format xml is a usage error (exit 2)', async () => {
  const child = cli(['daemon', '--repo', '.', '--log-format', 'xml']);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  assert.equal(code, 2, stderr);
  assert.match(stderr, /--log-format must be text or json, not 'xml'/);
});

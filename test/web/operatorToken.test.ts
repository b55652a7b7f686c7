import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as daemon } from '../../src/commands/daemon.js';
import { readOperatorToken } from '../../src/web/operatorToken.js';

test('the operator token file: trailing newline dropped; missing, short or spaced tokens are clear errors that never show the token', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-token-'));
  try {
    const file = join(dir, 'token');
    await writeFile(file, `${'f'.repeat(64)}\n`);
    assert.equal((await readOperatorToken(file)).toString(), 'f'.repeat(64));
    await assert.rejects(readOperatorToken(join(dir, 'missing')), /cannot read the operator token file .*missing/);
    await writeFile(file, 'short-secret\n');
    await assert.rejects(readOperatorToken(file), (err: Error) => /shorter than 24 characters/.test(err.message) && !err.message.includes('short-secret'));
    await writeFile(file, 'two words that are long enough together\n');
    await assert.rejects(readOperatorToken(file), (err: Error) => /contains white space/.test(err.message) && !err.message.includes('two words'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('stackshift daemon --operator-token-file: needs --listen, and a bad token stops the start with the file named', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-token-'));
  const output = { out: () => undefined, err: () => undefined, interactive: false };
  try {
    const file = join(dir, 'token');
    await writeFile(file, `${'e'.repeat(40)}\n`);
    await assert.rejects(daemon(['--repo', dir, '--state', join(dir, 'state'), '--operator-token-file', file], output), /--operator-token-file needs --listen/);
    await writeFile(file, 'tiny\n');
    await assert.rejects(daemon(['--repo', dir, '--state', join(dir, 'state'), '--listen', '127.0.0.1:0', '--operator-token-file', file], output), (err: Error) => err.message.includes(file) && !err.message.includes('tiny'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

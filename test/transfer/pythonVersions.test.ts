/**
 * Conversion hosts run whatever Python 3 their image has (RHEL 8: 3.6, RHEL 9: 3.9, Ubuntu 22.04:
 * 3.10, ...). The reader piped straight into the writer (no SSH: the writer's `ssh` command is a
 * local shell running the reader) under every Python 3.6+ this machine has — python3 always, and
 * the pyenv versions where present: a full copy and a delta pass give the source's bytes and
 * matching digests, with and without splice (Python ≥ 3.10).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readerCommand, writerCommand } from '../../src/transfer/programs.js';

const MiB = 1024 * 1024;
const size = 24 * MiB;
const work = mkdtempSync(join(tmpdir(), 'stackshift-pythons-'));
after(() => rmSync(work, { recursive: true, force: true }));

function pythons(): string[] {
  const pyenv = '/root/.pyenv/versions';
  const found = existsSync(pyenv) ? readdirSync(pyenv).filter((v) => /^3\.(\d+)\./.test(v) && Number(v.split('.')[1]) >= 6).map((v) => join(pyenv, v, 'bin', 'python3')) : [];
  return ['python3', ...found.filter((p) => existsSync(p))];
}

function device(name: string, dataMiB: number[]): string {
  const path = join(work, name);
  const fd = openSync(path, 'w');
  for (const m of dataMiB) writeSync(fd, randomBytes(MiB), 0, MiB, m * MiB);
  writeSync(fd, Buffer.alloc(1), 0, 1, size - 1);
  closeSync(fd);
  return path;
}

function copy(python: string, from: string, to: string, options: { delta?: boolean; splice?: boolean }): { sent: number; source: string; destination: string } {
  const config = { size, chunk: MiB, start: 0, ...(options.delta ? { delta: true } : {}), ...(options.splice === false ? { splice: false } : {}) };
  const reader = readerCommand({ device: from, ...config }).replace(/^python3 /, `${python} `);
  const writer = writerCommand({ device: to, ...config, ssh: ['sh', '-c', reader] }).replace(/^python3 /, `${python} `);
  const last = execFileSync('sh', ['-c', writer], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
  return JSON.parse(last) as { sent: number; source: string; destination: string };
}

for (const python of pythons()) {
  const version = execFileSync(python, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
  for (const splice of [true, false]) {
    test(`Python ${version} (${python}), ${splice ? 'splice where it exists' : 'without splice'}: a copy, then a delta pass`, () => {
      const tag = `${version}-${splice}`;
      const from = device(`src-${tag}`, [0, 2, 3, 9, 23]);
      const to = device(`dst-${tag}`, []);
      const full = copy(python, from, to, { splice });
      assert.equal(full.source, full.destination);
      assert.equal(full.sent, 5 * MiB);
      assert.deepEqual(readFileSync(to), readFileSync(from));
      const fd = openSync(from, 'r+');
      writeSync(fd, randomBytes(MiB), 0, MiB, 9 * MiB);
      closeSync(fd);
      const delta = copy(python, from, to, { splice, delta: true });
      assert.equal(delta.source, delta.destination);
      assert.equal(delta.sent, MiB, 'only the rewritten chunk crossed');
      assert.deepEqual(readFileSync(to), readFileSync(from));
    });
  }
}

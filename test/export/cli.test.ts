import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../src/commands/export.js';
import { StackshiftError } from '../../src/errors.js';
import type { Output } from '../../src/ports.js';
import { startHarness, type Harness } from './simHarness.js';
import { tempDir } from '../fixtures/tempDir.js';

let h: Harness;
const saved = { ...process.env };

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (t) => void lines.push(t), err: (t) => void errors.push(t), interactive: false };
}

async function rejects(p: Promise<unknown>, code: string, pattern: RegExp): Promise<StackshiftError> {
  const err = await p.then(() => assert.fail('expected an error'), (e: unknown) => e);
  assert.ok(err instanceof StackshiftError, String(err));
  assert.equal(err.code, code);
  assert.match(err.message, pattern);
  return err;
}

describe('stackshift export (command)', () => {
  before(async () => {
    h = await startHarness();
    process.env.OS_CLIENT_CONFIG_FILE = h.cloudsFile;
    delete process.env.OS_CLOUD;
  });
  after(async () => {
    process.env = saved;
    await h.close();
  });

  it('exports and prints a summary; a second run writes nothing', async () => {
    const out = await tempDir('ss-export-cli-');
    const o = capture();
    assert.equal(await run(['--cloud', 'src', '--out', out, '--types', 'networks,subnets,security_groups'], o), 0);
    assert.deepEqual(o.lines.slice(0, 3).map((l) => l.split(' (')[0]), ['wrote     networks.yml', 'wrote     subnets.yml', 'wrote     security_groups.yml']);
    assert.match(o.lines.at(-1)!, /^exported to .*snapshots with \d+ API requests$/);
    assert.deepEqual((await readdir(join(out, 'snapshots'))).sort(), ['.export-digests.json', 'networks.yml', 'security_groups.yml', 'subnets.yml']);
    const again = capture();
    assert.equal(await run(['--cloud', 'src', '--out', out, '--types', 'networks,subnets,security_groups'], again), 0);
    assert.ok(again.lines.slice(0, 3).every((l) => l.startsWith('unchanged')), again.lines.join('\n'));
    const passwords = Object.values(h.sim.entries).map((e) => e.auth.password);
    for (const line of [...o.lines, ...o.errors, ...again.lines, ...again.errors]) for (const p of passwords) assert.ok(!line.includes(p));
  });

  it('turns bad input into one-line errors', async () => {
    const o = capture();
    assert.equal(await run(['--help'], o), 0);
    assert.match(o.lines[0]!, /^usage: stackshift export --cloud NAME --out DIR/);
    await rejects(run(['--cloud', 'src'], o), 'E_USAGE', /--out DIR is required/);
    await rejects(run(['--cloud', 'src', '--out', '/tmp/x', '--types', 'nets'], o), 'E_USAGE', /unknown type 'nets'/);
    await rejects(run(['--cloud', 'src', '--out', '/tmp/x', '--name-filter', '(['], o), 'E_USAGE', /--name-filter/);
    const unknown = await rejects(run(['--cloud', 'nowhere', '--out', '/tmp/x'], o), 'E_CLOUD_CONFIG', /no cloud named 'nowhere'/);
    assert.match(unknown.hint!, /known clouds: src, src-admin, dst, dst-admin/);
  });
});

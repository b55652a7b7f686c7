/**
 * `stackshift init DIR` after an export: the stub files it writes make `validate` pass, the
 * exported servers are offered in a comment that validates once uncommented, and existing files
 * are never overwritten (nothing is written then).
 */
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run as init } from '../../src/commands/init.js';
import { isStackshiftError } from '../../src/errors.js';
import { captureOutput, copyExample, removeDir, validateJson } from './helpers.js';

/** What `stackshift export --out DIR` leaves: snapshots/ only. */
async function exportedOnly(): Promise<string> {
  const dir = await copyExample();
  for (const f of ['stackshift.yaml', 'workloads.yaml', 'reclaim.yaml', 'package.json']) await rm(join(dir, f), { force: true });
  return dir;
}

describe('stackshift init', () => {
  const dirs: string[] = [];
  let dir = '';
  before(async () => {
    dir = await exportedOnly();
    dirs.push(dir);
  });
  after(async () => {
    await Promise.all(dirs.map(removeDir));
  });

  it('writes stackshift.yaml, workloads.yaml and reclaim.yaml that validate', async () => {
    const out = captureOutput();
    assert.equal(await init([dir, '--source', 'old', '--destination', 'new'], out), 0);
    assert.match(out.stdout.join('\n'), /wrote .*stackshift\.yaml\n.*wrote .*workloads\.yaml\n.*wrote .*reclaim\.yaml/);
    assert.match(await readFile(join(dir, 'stackshift.yaml'), 'utf8'), /source:\n {2}cloud: "old"\ndestination:\n {2}cloud: "new"/);
    const { code, problems } = await validateJson(dir);
    assert.deepEqual(problems, []);
    assert.equal(code, 0);
  });

  it('lists the exported servers so that uncommenting them validates', async () => {
    const file = join(dir, 'workloads.yaml');
    const text = await readFile(file, 'utf8');
    assert.match(text, /^# {3}- server: web-1$/m);
    await writeFile(file, text.replace('workloads: []\n', '').replace(/^# (workloads:|  +[-\w])/gm, '$1'));
    const { problems } = await validateJson(dir);
    assert.deepEqual(problems, []);
  });

  it('refuses, writing nothing, when any of the files exists', async () => {
    const partly = await exportedOnly();
    dirs.push(partly);
    await writeFile(join(partly, 'workloads.yaml'), 'mine\n');
    await assert.rejects(init(['--from-export', partly], captureOutput()), (err: unknown) => {
      assert.ok(isStackshiftError(err));
      assert.equal(err.exitCode, 1);
      assert.match(err.message, /workloads\.yaml exists; init wrote nothing/);
      return true;
    });
    assert.equal(await readFile(join(partly, 'workloads.yaml'), 'utf8'), 'mine\n');
    await assert.rejects(readFile(join(partly, 'stackshift.yaml')), /ENOENT/);
  });

  it('says what to do without a directory, with two, or with one that does not exist', async () => {
    await assert.rejects(init([], captureOutput()), /name the directory export wrote/);
    await assert.rejects(init([dir, '--from-export', dir], captureOutput()), /expected one directory, got 2/);
    await assert.rejects(init([join(dir, 'nope')], captureOutput()), /does not exist/);
  });
});

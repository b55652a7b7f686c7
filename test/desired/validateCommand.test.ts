/**
 * `stackshift validate` as users run it: output formats, exit codes, usage errors, and through
 * the real CLI entry point (no stack trace even for hostile input).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../src/commands/validate.js';
import { UsageError } from '../../src/errors.js';
import { packageRoot } from '../../src/paths.js';
import { captureOutput, copyExample, edit, lineOf, removeDir, validateJson } from './helpers.js';

describe('stackshift validate (in process)', () => {
  let valid = '';
  let broken = '';
  before(async () => {
    valid = await copyExample();
    broken = await copyExample();
    await edit(broken, 'workloads.yaml', 'server: app-1', 'server: app-7');
    await edit(broken, 'stackshift.yaml', 'duration: 10h', 'duration: ten hours');
  });
  after(async () => {
    await removeDir(valid);
    await removeDir(broken);
  });

  it('prints a summary and exits 0 for a valid repository', async () => {
    const output = captureOutput();
    assert.equal(await run([valid], output), 0);
    assert.match(output.stdout.join('\n'), /valid \(33 resources, 4 selected workloads, 3 reclaim nodes\)/);
  });

  it('prints FILE:LINE:COL: message lines with hints, exits 1', async () => {
    const output = captureOutput();
    assert.equal(await run([broken, '--format', 'text'], output), 1);
    const text = output.stdout.join('\n');
    const line = await lineOf(broken, 'workloads.yaml', 'app-7');
    assert.ok(text.includes(`${broken}/workloads.yaml:${line}:13: server 'app-7' is not in snapshots/workloads.yml\n  hint: `), text);
    assert.match(text, new RegExp(`${broken}/stackshift\\.yaml:\\d+:\\d+: windows\\[1\\]\\.duration "ten hours" is not in the expected format\\n  hint: write hours and/or minutes`));
    assert.match(output.stderr.join('\n'), /2 problems in /);
  });

  it('prints a JSON array of {file, line, column, pointer, message, hint}', async () => {
    const output = captureOutput();
    assert.equal(await run(['--format=json', broken], output), 1);
    const problems = JSON.parse(output.stdout.join('\n')) as Record<string, unknown>[];
    assert.equal(problems.length, 2);
    for (const p of problems) assert.deepEqual(Object.keys(p).sort(), ['column', 'file', 'hint', 'line', 'message', 'pointer']);
    assert.deepEqual(problems.map((p) => p.pointer).sort(), ['/windows/1/duration', '/workloads/2/server']);
  });

  it('prints [] in JSON for a valid repository', async () => {
    const output = captureOutput();
    assert.equal(await run([valid, '--format', 'json'], output), 0);
    assert.deepEqual(JSON.parse(output.stdout.join('')), []);
  });

  it('raises usage errors (exit 2) for bad arguments', async () => {
    const cases: [string[], RegExp][] = [
      [[valid, '--format', 'xml'], /--format must be text or json/],
      [[valid, valid], /at most one directory/],
      [['--colour'], /Unknown option/],
      [[join(valid, 'nope')], /is not a directory/],
      [[join(valid, 'stackshift.yaml')], /is not a directory/],
    ];
    for (const [argv, message] of cases) {
      await assert.rejects(run(argv, captureOutput()), (err: unknown) => err instanceof UsageError && err.exitCode === 2 && message.test(err.message), argv.join(' '));
    }
  });

  it('prints usage for --help', async () => {
    const output = captureOutput();
    assert.equal(await run(['--help'], output), 0);
    assert.match(output.stdout.join(''), /usage: stackshift validate \[DIR\] \[--format text\|json\]/);
  });
});

describe('stackshift validate (real CLI process)', () => {
  let dir = '';
  before(async () => {
    dir = await copyExample();
    await writeFile(join(dir, 'reclaim.yaml'), 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n');
    await writeFile(join(dir, 'snapshots', 'networks.yml'), new Uint8Array([0x6f, 0x73, 0x3a, 0xff, 0x0a]));
  });
  after(async () => removeDir(dir));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(packageRoot(), 'src/cli/main.ts'), 'validate', ...args], { encoding: 'utf8', cwd: packageRoot() });

  it('exits 1 with every problem and no stack trace for hostile files', () => {
    const r = cli(dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /reclaim\.yaml:1:1: YAML cannot be expanded/);
    assert.match(r.stdout, /snapshots\/networks\.yml:1:4: not valid UTF-8/);
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .*\(.*:\d+:\d+\)/);
  });

  it('exits 2 for a usage error, with a hint and no stack trace', () => {
    const r = cli('--format', 'yaml', dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /stackshift: --format must be text or json/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('exits 0 on the shipped example repository', () => {
    const r = cli('example-repo');
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});

it('one badly indented line is one problem, not the parser\'s follow-on errors', async () => {
  const dir = await copyExample();
  try {
    await edit(dir, 'workloads.yaml', '  - server: web-2\n', '  - server: web-2\n  wave 1\n');
    const { code, problems } = await validateJson(dir);
    assert.equal(code, 1);
    const yaml = problems.filter((p) => p.file === 'workloads.yaml');
    assert.equal(yaml.length, 1, JSON.stringify(yaml));
    assert.match(yaml[0]!.message, /^YAML syntax/);
  } finally {
    await removeDir(dir);
  }
});

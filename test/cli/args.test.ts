/**
 * The command line as a new user meets it: an unknown flag on any verb is a usage error (exit 2,
 * the verb's help named), and `--version` / `-V` print package.json's version.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/paths.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [join(packageRoot(), 'bin/stackshift.js'), ...args], { encoding: 'utf8' });

test('an unknown flag on daemon or demo is a usage error naming the verb\'s help', () => {
  for (const verb of ['daemon', 'demo', 'apply']) {
    const r = cli(verb, '--bogus');
    assert.equal(r.status, 2, `${verb}: ${r.stderr}`);
    assert.match(r.stderr, /Unknown option '--bogus'/);
    assert.match(r.stderr, new RegExp(`hint: run \`stackshift ${verb} --help\``));
    assert.doesNotMatch(r.stderr, /unexpected error/);
  }
  assert.equal(cli('plan', '--bogus').status, 1, 'plan keeps exit 2 for "changes planned"');
});

test('--version and -V print the version from package.json', () => {
  const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  for (const flag of ['--version', '-V']) assert.equal(cli(flag).stdout.trim(), `stackshift ${version}`);
});

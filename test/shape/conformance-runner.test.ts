/**
 * The conformance runner's own logic, without a cloud: it reads a child `node --test` run's
 * leaf results (suites folded away, skip reasons kept) and maps only the right failures to the
 * test cloud's documented limits.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runChildSuite } from '../conformance/helpers/childSuite.js';
import { limitFor } from '../conformance/helpers/limits.js';

test('a child run yields one result per leaf test, with skip reasons and failure messages', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-runner-'));
  try {
    const file = join(dir, 'sample.test.ts');
    await writeFile(file, [
      "import assert from 'node:assert/strict';",
      "import { describe, it, test } from 'node:test';",
      "test('passes', () => {});",
      "test('fails', () => { assert.equal(1, 2); });",
      "test('skipped', (t) => { t.skip('needs two hosts'); });",
      "describe('group', () => { it('inner passes', () => {}); it('inner fails', () => { throw new Error('boom'); }); });",
    ].join('\n'));
    const run = await runChildSuite([file], {});
    const seen = run.results.map((r) => `${r.outcome}:${r.name}${r.reason ? `(${r.reason})` : ''}`).sort();
    assert.deepEqual(seen, ['fail:fails', 'fail:inner fails', 'pass:inner passes', 'pass:passes', 'skip:skipped(needs two hosts)']);
    assert.match(run.results.find((r) => r.name === 'inner fails')!.error ?? '', /boom/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('limits: a simulator-knob test is not applicable only when it failed on the missing simulator', () => {
  assert.ok(limitFor('reset restores the scenario', "Cannot read properties of undefined (reading 'cloud')"));
  assert.equal(limitFor('limits and quota sets: defaults', 'Expected values to be strictly equal: 3 !== 10'), undefined);
  assert.match(limitFor('live migration moves the server over polls')!.reason, /one nova-compute host/);
  assert.equal(limitFor('create: 202 with Location and adminPass', 'server never reached ACTIVE'), undefined);
});

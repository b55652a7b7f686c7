import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run as apply } from '../../src/commands/apply.js';
import { run as plan } from '../../src/commands/plan.js';
import { codes, isStackshiftError } from '../../src/errors.js';
import { readOnlyLog } from '../../src/reconcile/commandSupport.js';
import type { Output } from '../../src/ports.js';
import { repoFiles } from './desiredRepo.js';
import { startHarness, type Harness } from './harness.js';

function capture(): Output & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), interactive: false, text: () => lines.join('\n') };
}

describe('stackshift plan and apply', () => {
  let h: Harness;
  let repo: string;
  let state: string;
  before(async () => {
    h = await startHarness();
    process.env.OS_CLIENT_CONFIG_FILE = join(h.dir, 'clouds.yaml');
    await h.writeRepo(repoFiles());
    repo = join(h.dir, 'repo');
    state = join(h.dir, 'state');
  });
  after(async () => {
    await h.close();
  });

  it('plan exits 2 with changes and writes a saved plan', async () => {
    const out = capture();
    const file = join(h.dir, 'plan.json');
    assert.equal(await plan(['--repo', repo, '--format', 'json', '--out', file, '--state', state], out), 2);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { steps: unknown[]; observedFingerprint: string };
    assert.ok(saved.steps.length >= 10);
    assert.match(saved.observedFingerprint, /^sha256:/);
    const md = capture();
    assert.equal(await plan(['--repo', repo, '--format', 'markdown', '--state', state], md), 2);
    assert.match(md.text(), /\*\*\d+ to create, 0 to update, 0 to replace, 0 to delete\*\*/);
  });

  it('apply refuses a saved plan once the destination changed, and says so', async () => {
    await h.clients.destination.request({ service: 'network', method: 'POST', path: '/networks', body: { network: { name: 'made-by-hand' } } });
    const out = capture();
    await assert.rejects(apply(['--repo', repo, '--plan', join(h.dir, 'plan.json'), '--state', state], out), (err: unknown) => {
      assert.ok(isStackshiftError(err));
      assert.equal(err.code, codes.PLAN_STALE);
      assert.match(err.message, /destination changed since the plan was computed/);
      return true;
    });
    const recorded = [];
    for await (const e of readOnlyLog(state).readAll()) recorded.push(e);
    assert.deepEqual(recorded, [], 'a refused plan records nothing');
  });

  it('apply takes a fresh saved plan, after which plan exits 0', async () => {
    const file = join(h.dir, 'plan2.json');
    assert.equal(await plan(['--repo', repo, '--format', 'json', '--out', file, '--state', state], capture()), 2);
    const out = capture();
    assert.equal(await apply(['--repo', repo, '--plan', file, '--state', state], out), 0);
    assert.match(out.text(), /applied \d+ step\(s\)/);
    assert.match(out.text(), /^network\/\S+: creating…$/m, 'outside a terminal a step says when it starts');
    // Which step ends first depends on the runner's order (the longest chain of work starts first).
    assert.match(out.text(), /^\[1\/\d+\] [a-z_]+\/\S+: created after \d+\.\ds$/m, 'and when it ends, with its duration');
    const reapplied = capture();
    assert.equal(await apply(['--repo', repo, '--plan', file, '--state', state], reapplied), 0, 'an applied plan applied again is not an error');
    assert.match(reapplied.text(), /the saved plan is applied already; nothing left to change/);
    assert.doesNotMatch(reapplied.text(), /refusing/);
    const again = capture();
    assert.equal(await plan(['--repo', repo, '--state', state], again), 0);
    assert.match(again.text(), /No changes/);
    assert.equal(await apply(['--repo', repo, '--state', state], capture()), 0);
    const types: string[] = [];
    for await (const e of readOnlyLog(state).readAll()) types.push(e.type);
    assert.ok(types.includes('StepStarted') && types.includes('ResourceCreated') && types.includes('CommitApplied'));
  });
});

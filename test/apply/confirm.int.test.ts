/**
 * `apply` asks for "yes" at a terminal, as Terraform does: the plan is shown, anything but "yes"
 * changes nothing; --auto-approve skips the question; without a terminal on stdin it applies (CI
 * and scripts keep working) and says in one line that nobody confirmed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Terminal } from '../../src/cli/confirm.js';
import { run as apply } from '../../src/commands/apply.js';
import { readOnlyLog } from '../../src/reconcile/commandSupport.js';
import { repoFiles } from './desiredRepo.js';
import { captureOutput as capture, harnessForCommands } from './harness.js';

function answering(answer: string, stdinIsTTY = true): Terminal & { asked: string[] } {
  const asked: string[] = [];
  return { stdinIsTTY, asked, ask: async (q) => (asked.push(q), answer) };
}

async function eventTypes(state: string): Promise<string[]> {
  const types: string[] = [];
  for await (const e of readOnlyLog(state).readAll()) types.push(e.type);
  return types;
}

describe('apply asks before changing anything', () => {
  const harness = harnessForCommands({ before, after });
  let repo: string;
  let state: string;
  before(async () => {
    await harness().writeRepo(repoFiles());
    repo = join(harness().dir, 'repo');
    state = join(harness().dir, 'state');
  });

  it('at a terminal it shows the plan, and an answer other than "yes" changes nothing', async () => {
    const out = capture();
    const terminal = answering('y');
    assert.equal(await apply(['--repo', repo, '--state', state], out, terminal), 1);
    assert.match(out.text(), /to create/, 'the plan is shown before the question');
    assert.match(terminal.asked.join(''), /Do you want to perform these actions\?[\s\S]*Enter a value:/);
    assert.match(out.text(), /Apply cancelled: nothing was changed/);
    assert.deepEqual(await eventTypes(state), [], 'a cancelled apply records nothing');
  });

  it('"yes" applies the plan that was shown', async () => {
    const out = capture();
    assert.equal(await apply(['--repo', repo, '--state', state], out, answering('yes')), 0);
    assert.match(out.text(), /applied \d+ step\(s\)/);
    assert.ok((await eventTypes(state)).includes('CommitApplied'));
  });

  it('with nothing to change it does not ask', async () => {
    const terminal = answering('no');
    const out = capture();
    assert.equal(await apply(['--repo', repo, '--state', state], out, terminal), 0);
    assert.deepEqual(terminal.asked, []);
    assert.match(out.text(), /nothing to change/);
  });

  it('--auto-approve does not ask, and stdin that is not a terminal applies with one line saying so', async () => {
    const terminal = answering('no');
    const approved = capture();
    assert.equal(await apply(['--repo', repo, '--state', state, '--auto-approve'], approved, terminal), 0);
    assert.deepEqual(terminal.asked, []);
    assert.doesNotMatch(approved.text(), /without confirmation/);
    const piped = capture();
    const noTTY = answering('no', false);
    assert.equal(await apply(['--repo', repo, '--state', state], piped, noTTY), 0);
    assert.deepEqual(noTTY.asked, []);
    assert.match(piped.text(), /applying without confirmation: stdin is not a terminal.*--auto-approve/);
  });
});

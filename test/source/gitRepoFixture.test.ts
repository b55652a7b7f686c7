import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { createGitRepo } from '../fixtures/gitRepo.js';

test('the git repo fixture makes commits the git CLI agrees with, and reverts them', async () => {
  const repo = await createGitRepo({ 'a.yml': 'a: 1\n', 'dir/b.yml': 'b: 1\n', 'link.yml': { symlink: 'a.yml' } });
  try {
    const first = await repo.head();
    const second = await repo.commit({ 'a.yml': 'a: 2\n', 'dir/b.yml': null, 'c.yml': 'c: 1\n' }, 'change a, drop b');
    assert.notEqual(first, second);
    assert.equal(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo.dir }).toString().trim(), second);
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: repo.dir }).toString(), '');
    assert.deepEqual(await repo.files(), { 'a.yml': 'a: 2\n', 'c.yml': 'c: 1\n', 'link.yml': { symlink: 'a.yml' } });
    const third = await repo.revert(second);
    assert.deepEqual(await repo.files(third), await repo.files(first));
    assert.match(execFileSync('git', ['log', '-1', '--format=%s'], { cwd: repo.dir }).toString(), /^Revert "change a, drop b"/);
    const fourth = await repo.replaceAll({ 'only.yml': 'x\n' });
    assert.deepEqual(await repo.files(fourth), { 'only.yml': 'x\n' });
    assert.equal(execFileSync('git', ['fsck', '--strict'], { cwd: repo.dir, stdio: 'pipe' }).toString(), '');
  } finally {
    await repo.cleanup();
  }
});

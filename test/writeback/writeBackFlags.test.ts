import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeBackFromFlags } from '../../src/writeback/writeBackFlags.js';

test('daemon write-back flags: notes on by default, off on request, a commit status needs a provider and a token', async () => {
  assert.equal((await writeBackFromFlags({}, '/srv/repo', {})).notesRef, 'refs/notes/stackshift');
  assert.equal((await writeBackFromFlags({ 'git-notes': 'off' }, '/srv/repo', {})).notesRef, null);
  assert.equal((await writeBackFromFlags({ 'git-notes': 'migration' }, '/srv/repo', {})).notesRef, 'refs/notes/migration');
  assert.equal((await writeBackFromFlags({}, '/srv/repo', {})).commitStatus, undefined);
  const github = await writeBackFromFlags({ 'commit-status': 'github' }, 'https://github.com/ops/estate.git', { STACKSHIFT_COMMIT_STATUS_TOKEN: 't' });
  assert.equal(typeof github.commitStatus, 'function');
  await assert.rejects(writeBackFromFlags({ 'commit-status-url': 'https://x' }, '/srv/repo', {}), /needs --commit-status/);
  await assert.rejects(writeBackFromFlags({ 'commit-status': 'gitlab' }, '/srv/repo', {}), /github or gitea/);
  await assert.rejects(writeBackFromFlags({ 'commit-status': 'gitea' }, 'https://g/ops/estate', { STACKSHIFT_COMMIT_STATUS_TOKEN: 't' }), /needs --commit-status-url/);
  await assert.rejects(writeBackFromFlags({ 'commit-status': 'github' }, 'https://github.com/ops/estate', {}), /needs a token/);
});

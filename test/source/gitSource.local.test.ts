import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isStackshiftError } from '../../src/errors.js';
import { openGitSource } from '../../src/source/gitSource.js';
import { createGitRepo } from '../fixtures/gitRepo.js';

test('a local repository: the head of the branch, and the files of any commit', async () => {
  const repo = await createGitRepo({
    'stackshift.yaml': 'version: 1\n',
    'snapshots/networks.yml': 'resources: []\n',
    'inside.yml': { symlink: 'snapshots/networks.yml' },
    'chain.yml': { symlink: 'inside.yml' },
    'snapshots/up.yml': { symlink: '../stackshift.yaml' },
    'outside.yml': { symlink: '../../etc/passwd' },
    'absolute.yml': { symlink: '/etc/passwd' },
    'dangling.yml': { symlink: 'missing.yml' },
  });
  try {
    const source = await openGitSource({ repo: repo.dir });
    assert.equal(source.branch, 'main');
    const first = await source.sync();
    assert.equal(first, await repo.head());
    const reader = source.reader(first);
    assert.equal(reader.commit, first);
    assert.equal(reader.label, `${repo.dir}@${first.slice(0, 7)}`);
    const entries = await reader.list();
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
    assert.deepEqual(entries.map((e) => e.path), ['absolute.yml', 'chain.yml', 'dangling.yml', 'inside.yml', 'outside.yml', 'snapshots', 'snapshots/networks.yml', 'snapshots/up.yml', 'stackshift.yaml']);
    assert.deepEqual(byPath['snapshots'], { path: 'snapshots', kind: 'directory', size: 0 });
    assert.deepEqual(byPath['stackshift.yaml'], { path: 'stackshift.yaml', kind: 'file', size: 11 });
    assert.deepEqual(byPath['inside.yml'], { path: 'inside.yml', kind: 'symlink', size: 14, symlinkInside: true });
    assert.equal(byPath['chain.yml']?.symlinkInside, true);
    assert.equal(byPath['snapshots/up.yml']?.symlinkInside, true);
    for (const out of ['outside.yml', 'absolute.yml', 'dangling.yml']) assert.equal(byPath[out]?.symlinkInside, false, out);
    assert.equal(Buffer.from(await reader.read('chain.yml')).toString(), 'resources: []\n');
    await assert.rejects(reader.read('outside.yml'), /points outside the repository/);
    await assert.rejects(reader.read('nope.yml'), /nope\.yml does not exist/);

    const second = await repo.commit({ 'stackshift.yaml': 'version: 2\n' }, 'bump');
    assert.equal(await source.sync(), second);
    assert.equal(Buffer.from(await source.reader(second).read('stackshift.yaml')).toString(), 'version: 2\n');
    assert.equal(Buffer.from(await source.reader(first).read('stackshift.yaml')).toString(), 'version: 1\n', 'old commits stay readable');
    assert.equal(await source.hasCommit(first), true);
    assert.equal(await source.hasCommit('0'.repeat(40)), false);
  } finally {
    await repo.cleanup();
  }
});

test('changedPaths lists added, modified and deleted files, and nothing for equal trees', async () => {
  const repo = await createGitRepo({ 'a.yml': '1', 'same/x.yml': 'x', 'same/deep/y.yml': 'y', 'dir/b.yml': 'b', 'dir/c.yml': 'c', 'flip': 'file' });
  try {
    const source = await openGitSource({ repo: repo.dir });
    const first = await source.sync();
    const second = await repo.commit({ 'a.yml': '2', 'dir/b.yml': null, 'dir/new/d.yml': 'd', 'flip': null, 'flip/inner.yml': 'now a dir', 'e.yml': 'e' });
    assert.deepEqual(await source.changedPaths(first, second), [
      { path: 'a.yml', change: 'modified' },
      { path: 'dir/b.yml', change: 'deleted' },
      { path: 'dir/new/d.yml', change: 'added' },
      { path: 'e.yml', change: 'added' },
      { path: 'flip', change: 'deleted' },
      { path: 'flip/inner.yml', change: 'added' },
    ]);
    assert.deepEqual(await source.changedPaths(second, second), []);
    const reverted = await repo.revert(second);
    assert.deepEqual(await source.changedPaths(first, reverted), [], 'a revert restores the same tree');
    assert.deepEqual((await source.changedPaths(null, first)).map((c) => `${c.change} ${c.path}`),
      ['added a.yml', 'added dir/b.yml', 'added dir/c.yml', 'added flip', 'added same/deep/y.yml', 'added same/x.yml']);
  } finally {
    await repo.cleanup();
  }
});

test('a directory that is not a Git repository, a missing branch and ssh URLs are refused clearly', async () => {
  const plain = await mkdtemp(join(tmpdir(), 'stackshift-plain-'));
  const repo = await createGitRepo({ 'a.yml': '1' });
  try {
    await assert.rejects(openGitSource({ repo: plain }), (err) => isStackshiftError(err) && err.code === 'E_GIT_SOURCE' && /is not a Git repository/.test(err.message));
    const source = await openGitSource({ repo: repo.dir, branch: 'production' });
    await assert.rejects(source.sync(), /has no branch production/);
    await assert.rejects(openGitSource({ repo: 'git@example.org:ops/estate.git' }), (err) => isStackshiftError(err) && err.code === 'E_USAGE');
  } finally {
    await rm(plain, { recursive: true, force: true });
    await repo.cleanup();
  }
});

test('readers of recent commits are reused, so a tree is read once per pass', async () => {
  const repo = await createGitRepo({ 'a.yml': '1' });
  try {
    const source = await openGitSource({ repo: repo.dir });
    const first = await source.sync();
    const reader = source.reader(first);
    assert.equal(source.reader(first), reader);
    const later: string[] = [];
    for (let i = 0; i < 4; i++) later.push(await repo.commit({ 'a.yml': String(i) }));
    for (const c of later) source.reader(c);
    assert.notEqual(source.reader(first), reader, 'only the last few are kept');
    assert.equal(Buffer.from(await source.reader(first).read('a.yml')).toString(), '1');
  } finally {
    await repo.cleanup();
  }
});

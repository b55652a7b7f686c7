import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeDemoRepo } from '../../src/daemon/demoRepo.js';
import { demoSummary } from '../../src/daemon/demoSummary.js';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import { exampleRepoDir } from '../../src/paths.js';
import { openGitSource } from '../../src/source/gitSource.js';
import { readTreeOfDir } from '../fixtures/gitRepo.js';
import { tempDir } from '../fixtures/tempDir.js';

test('the demo repository is example-repo/ as one clean commit', async () => {
  const parent = await tempDir('stackshift-demo-test-');
  try {
    const repo = await makeDemoRepo(exampleRepoDir(), { parent, now: Date.UTC(2026, 0, 1) });
    const source = await openGitSource({ repo: repo.dir });
    assert.equal(await source.sync(), repo.commit);
    const expected = Object.keys(await readTreeOfDir(exampleRepoDir())).sort();
    const files = (await source.reader(repo.commit).list()).filter((e) => e.kind === 'file').map((e) => e.path);
    assert.deepEqual(files, expected);
    assert.ok(files.includes('stackshift.yaml') && files.includes('snapshots/networks.yml'));
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: repo.dir }).toString(), '', 'nothing left uncommitted');
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
});

test('the demo summary counts created resources per kind and all events, and names the state dir', async () => {
  const store = createMemoryEventStore();
  await store.append('commit:abc', [{ type: 'CommitObserved', data: {} }, { type: 'PlanComputed', data: {} }]);
  await store.append('resource:network/private', [{ type: 'StepStarted', data: {} }, { type: 'ResourceCreated', data: {} }]);
  await store.append('resource:network/db', [{ type: 'ResourceCreated', data: {} }]);
  await store.append('resource:image/cirros', [{ type: 'ResourceCreated', data: {} }, { type: 'ImageDataCopied', data: { bytes: 3 * 1024 * 1024 } }]);
  const text = await demoSummary({ store, stateDir: '/tmp/s', repoDir: '/tmp/r' });
  assert.match(text, /^ {2}image {4}1$/m);
  assert.match(text, /^ {2}network {2}2$/m);
  assert.match(text, /image data copied: 3\.0 MiB/);
  assert.match(text, /^7 events in the log \(3 ResourceCreated, /m);
  assert.match(text, /stackshift -- events tail -n 40 --state \/tmp\/s/);
  assert.doesNotMatch(text, /-- plan /, 'the clouds stop with the demo, so no plan command that would fail is printed');
  assert.match(text, /npm start -- --follow/);
});

test('under --follow the demo summary prints plan with the clouds.yaml to export first', async () => {
  const text = await demoSummary({ store: createMemoryEventStore(), stateDir: '/tmp/s', repoDir: '/tmp/r', liveClouds: { cloudsYaml: '/tmp/w/clouds.yaml' } });
  assert.match(text, /^ {2}export OS_CLIENT_CONFIG_FILE=\/tmp\/w\/clouds\.yaml\n {2}npm run stackshift -- plan --repo \/tmp\/r --state \/tmp\/s$/m);
});

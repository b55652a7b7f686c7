/**
 * `plan` and `apply` open the clouds the commit's stackshift.yaml names while the commit
 * validates (a Keystone token and validation each take up to seconds, and neither needs the
 * other), and still never go on with a commit that does not validate.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { codes, isStackshiftError } from '../../src/errors.js';
import type { CloudNames, CloudPorts } from '../../src/ports.js';
import { loadValidWithClouds } from '../../src/reconcile/commandSupport.js';
import { dirReader } from '../../src/source/dirReader.js';
import type { OpenStackClient } from '../../src/executors/openstack/clientTypes.js';
import { tempDir } from '../fixtures/tempDir.js';
import { repoFiles } from './desiredRepo.js';

async function repoWith(files: Record<string, unknown>) {
  const dir = await tempDir('stackshift-early-clouds-');
  await mkdir(join(dir, 'snapshots'));
  for (const [path, value] of Object.entries(files)) await writeFile(join(dir, path), typeof value === 'string' ? value : stringify(value));
  return dirReader(dir);
}

/** An opener that records what it was asked to open, when, and which of its clouds were closed. */
function opener(fail?: Error) {
  const opened: CloudNames[] = [];
  let closed = 0;
  const open = async (names: CloudNames): Promise<CloudPorts> => {
    opened.push(names);
    if (fail) throw fail;
    const client = { cloudName: names.destination.cloud } as OpenStackClient;
    return { source: client, destination: client, close: async () => void closed++ };
  };
  return { open, opened, closed: () => closed };
}

test('a valid commit: its clouds are opened once, with the names stackshift.yaml gives', async () => {
  const o = opener();
  const { state, clouds } = await loadValidWithClouds('dir:x', await repoWith(repoFiles()), o.open);
  assert.deepEqual(o.opened, [{ source: { cloud: 'src', adminCloud: 'src-admin' }, destination: { cloud: 'dst', adminCloud: 'dst-admin' } }]);
  assert.equal(clouds.destination.cloudName, 'dst');
  assert.equal(state.config.destination.cloud, 'dst');
  assert.equal(o.closed(), 0);
});

test('a commit that does not validate fails with its problems, and the clouds opened meanwhile are closed', async () => {
  const files = repoFiles();
  (files['stackshift.yaml'] as Record<string, unknown>).policy = { prune: 'sometimes' };
  const o = opener();
  await assert.rejects(loadValidWithClouds('dir:x', await repoWith(files), o.open), (err: unknown) => isStackshiftError(err) && err.code === codes.DESIRED_STATE_INVALID);
  assert.equal(o.opened.length, 1);
  assert.equal(o.closed(), 1);
});

test('a commit that does not validate wins over a cloud that cannot be opened', async () => {
  const files = repoFiles();
  (files['stackshift.yaml'] as Record<string, unknown>).policy = { prune: 'sometimes' };
  await assert.rejects(loadValidWithClouds('dir:x', await repoWith(files), opener(new Error('no such cloud')).open), (err: unknown) => isStackshiftError(err) && err.code === codes.DESIRED_STATE_INVALID);
});

test('a valid commit whose cloud cannot be opened fails with that, opened once (one failed login, not two)', async () => {
  const o = opener(new Error('no such cloud'));
  await assert.rejects(loadValidWithClouds('dir:x', await repoWith(repoFiles()), o.open), /no such cloud/);
  assert.equal(o.opened.length, 1);
});

test('a stackshift.yaml that does not parse opens nothing and fails validation', async () => {
  const o = opener();
  await assert.rejects(loadValidWithClouds('dir:x', await repoWith({ ...repoFiles(), 'stackshift.yaml': 'source: [unclosed\n' }), o.open), (err: unknown) => isStackshiftError(err) && err.code === codes.DESIRED_STATE_INVALID);
  assert.deepEqual(o.opened, []);
});

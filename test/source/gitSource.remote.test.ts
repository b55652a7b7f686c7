import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { formatError, isStackshiftError } from '../../src/errors.js';
import { openGitSource } from '../../src/source/gitSource.js';
import { createGitRepo } from '../fixtures/gitRepo.js';
import { serveGitOverHttp } from './gitHttpServer.js';

const secret = 's3cret-Pa55word';
const creds = { username: 'ci-bot', password: secret };

async function setup() {
  const repo = await createGitRepo({ 'stackshift.yaml': 'version: 1\n', 'snapshots/networks.yml': 'resources: []\n' });
  const server = await serveGitOverHttp(dirname(repo.dir), creds);
  const workDir = await mkdtemp(join(tmpdir(), 'stackshift-work-'));
  const url = `${server.url}/${basename(repo.dir)}`;
  return {
    repo, server, workDir, url,
    async cleanup() {
      await server.close();
      await repo.cleanup();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

test('an HTTP remote with basic auth: cloned, fetched, credentials sent but never stored', async () => {
  const s = await setup();
  try {
    const env = { STACKSHIFT_GIT_USERNAME: 'ci-bot', STACKSHIFT_GIT_PASSWORD: secret };
    const source = await openGitSource({ repo: s.url, workDir: s.workDir, env });
    assert.equal(source.remote, true);
    assert.equal(source.branch, 'main');
    assert.equal(source.label, s.url);
    const first = await source.sync();
    assert.equal(first, await s.repo.head());
    assert.ok(s.server.rejected >= 1, 'the server challenged first');
    assert.ok(s.server.authorizations.every((a) => a === `Basic ${Buffer.from(`ci-bot:${secret}`).toString('base64')}`));
    assert.equal(Buffer.from(await source.reader(first).read('stackshift.yaml')).toString(), 'version: 1\n');

    const second = await s.repo.commit({ 'snapshots/networks.yml': 'resources: [1]\n' }, 'add a network');
    const heads = await Promise.all([source.sync(), source.sync(), source.sync()]);
    assert.deepEqual(heads, [second, second, second], 'concurrent syncs are serialised and agree');
    assert.deepEqual(await source.changedPaths(first, second), [{ path: 'snapshots/networks.yml', change: 'modified' }]);

    // Nothing on disk holds the password: the clone's config keeps the bare URL.
    const [clone] = await readdir(s.workDir);
    const config = await readFile(join(s.workDir, clone ?? '', '.git', 'config'), 'utf8');
    assert.ok(config.includes(s.url) && !config.includes(secret));

    // A second process starting on the same work dir reuses the clone and fetches.
    const again = await openGitSource({ repo: s.url, workDir: s.workDir, env: { STACKSHIFT_GIT_TOKEN: secret, STACKSHIFT_GIT_USERNAME: 'ci-bot' } });
    assert.equal(await again.sync(), second);
  } finally {
    await s.cleanup();
  }
});

test('refused or missing credentials give an auth error that never contains the secret', async () => {
  const s = await setup();
  try {
    const wrong = 'wrong-Pa55word-xyz';
    const credFile = join(s.workDir, 'git-credentials');
    await writeFile(credFile, `# deploy token\nusername=ci-bot\npassword=${wrong}\n`);
    const err = await openGitSource({ repo: s.url, workDir: join(s.workDir, 'a'), env: { STACKSHIFT_GIT_CREDENTIALS_FILE: credFile } }).then(() => undefined, (e: unknown) => e);
    assert.ok(isStackshiftError(err) && err.code === 'E_AUTH_FAILED', String(err));
    assert.ok(s.server.authorizations.includes(`Basic ${Buffer.from(`ci-bot:${wrong}`).toString('base64')}`), 'the file credentials were sent');
    const shown = `${formatError(err)} ${JSON.stringify(err)} ${(err as Error).stack}`;
    assert.ok(!shown.includes(wrong) && !shown.includes(Buffer.from(`ci-bot:${wrong}`).toString('base64')));
    assert.match(formatError(err), /refused the credentials/);

    const none = await openGitSource({ repo: s.url, workDir: join(s.workDir, 'b'), env: {} }).then(() => undefined, (e: unknown) => e);
    assert.ok(isStackshiftError(none) && none.code === 'E_AUTH_FAILED');
    assert.match(formatError(none), /STACKSHIFT_GIT_TOKEN/);

    const inUrl = s.url.replace('http://', `http://ci-bot:${secret}@`);
    const refused = await openGitSource({ repo: inUrl, workDir: join(s.workDir, 'c'), env: {} }).then(() => undefined, (e: unknown) => e);
    assert.ok(isStackshiftError(refused) && refused.code === 'E_USAGE');
    assert.ok(!formatError(refused).includes(secret));
  } finally {
    await s.cleanup();
  }
});

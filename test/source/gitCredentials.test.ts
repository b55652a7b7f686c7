import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitCredentialsFromEnv, parseCredentialsFile, redactUrl, scrubSecret } from '../../src/source/gitCredentials.js';

test('credentials come from a token, a username and password, or a file, in that order', async () => {
  assert.deepEqual(await gitCredentialsFromEnv({ STACKSHIFT_GIT_TOKEN: 'tok', STACKSHIFT_GIT_PASSWORD: 'pw', STACKSHIFT_GIT_USERNAME: 'u' }), { username: 'u', password: 'tok' });
  assert.deepEqual(await gitCredentialsFromEnv({ STACKSHIFT_GIT_TOKEN: 'tok' }), { username: 'x-access-token', password: 'tok' });
  assert.deepEqual(await gitCredentialsFromEnv({ STACKSHIFT_GIT_USERNAME: 'u', STACKSHIFT_GIT_PASSWORD: 'pw' }), { username: 'u', password: 'pw' });
  assert.equal(await gitCredentialsFromEnv({}), undefined);
  await assert.rejects(gitCredentialsFromEnv({ STACKSHIFT_GIT_PASSWORD: 'pw' }), /STACKSHIFT_GIT_USERNAME is not/);
  await assert.rejects(gitCredentialsFromEnv({ STACKSHIFT_GIT_CREDENTIALS_FILE: '/nonexistent/creds' }), /cannot read the Git credentials file/);
});

test('a credentials file holds a bare token or key=value lines', () => {
  assert.deepEqual(parseCredentialsFile('  glpat-abc  \n', 'f'), { username: 'x-access-token', password: 'glpat-abc' });
  assert.deepEqual(parseCredentialsFile('# c\ntoken=abc\nusername=bot\n', 'f'), { username: 'bot', password: 'abc' });
  assert.deepEqual(parseCredentialsFile('username=bot\npassword=a=b\n', 'f'), { username: 'bot', password: 'a=b' });
  assert.throws(() => parseCredentialsFile('username=bot\n', 'creds.txt'), /creds\.txt holds neither/);
});

test('URLs and messages are cleaned of credentials', () => {
  assert.equal(redactUrl('https://bot:pw@git.example.org/ops/estate.git'), 'https://git.example.org/ops/estate.git');
  assert.equal(redactUrl('/srv/estate'), '/srv/estate');
  const creds = { username: 'bot', password: 'hunter22' };
  assert.equal(scrubSecret(`failed hunter22 ${Buffer.from('bot:hunter22').toString('base64')}`, creds), 'failed *** ***');
});

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { parseListen, startDaemonServer } from '../../src/daemon/server.js';
import { verifyWebhookSignature } from '../../src/daemon/webhook.js';

const secret = Buffer.from('webhook-secret-0123');
const hmac = (body: string, key: Buffer = secret) => createHmac('sha256', key).update(body).digest('hex');

test('webhook signatures: GitHub and Gitea formats, wrong key, wrong length and missing header', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');
  assert.deepEqual(verifyWebhookSignature(body, { 'x-hub-signature-256': `sha256=${hmac(body.toString())}`, 'x-github-event': 'push' }, secret),
    { ok: true, provider: 'github', event: 'push' });
  assert.deepEqual(verifyWebhookSignature(body, { 'x-gitea-signature': hmac(body.toString()), 'x-gitea-event': 'push' }, secret),
    { ok: true, provider: 'gitea', event: 'push' });
  assert.equal(verifyWebhookSignature(body, { 'x-hub-signature-256': `sha256=${hmac(body.toString(), Buffer.from('other'))}` }, secret).ok, false);
  assert.equal(verifyWebhookSignature(body, { 'x-hub-signature-256': hmac(body.toString()) }, secret).ok, false, 'GitHub needs the sha256= prefix');
  assert.equal(verifyWebhookSignature(body, { 'x-gitea-signature': hmac(body.toString()).slice(2) }, secret).ok, false);
  assert.equal(verifyWebhookSignature(body, { 'x-gitea-signature': 'zz'.repeat(32) }, secret).ok, false);
  assert.equal(verifyWebhookSignature(Buffer.from('{"ref":"x"}'), { 'x-gitea-signature': hmac(body.toString()) }, secret).ok, false, 'the body is signed');
  assert.deepEqual(verifyWebhookSignature(body, {}, secret), { ok: false, reason: 'no signature header (X-Hub-Signature-256 or X-Gitea-Signature)' });
});

test('the daemon server: signed hooks poke the loop, bad ones get 401, health and status answer JSON', async () => {
  const hooks: string[] = [];
  const server = await startDaemonServer({
    host: '127.0.0.1', port: 0, webhookSecret: secret, maxBodyBytes: 1000,
    onWebhook: (h) => hooks.push(`${h.provider}:${h.event}`),
    status: async () => ({ current: 'abc', passes: 3 }),
  });
  try {
    const body = '{"ref":"refs/heads/main"}';
    const post = (headers: Record<string, string>, payload = body) => fetch(`${server.url}/hooks/git`, { method: 'POST', headers, body: payload });
    const ok = await post({ 'x-hub-signature-256': `sha256=${hmac(body)}`, 'x-github-event': 'push' });
    assert.equal(ok.status, 202);
    assert.deepEqual(await ok.json(), { accepted: true });
    assert.equal((await post({ 'x-gitea-signature': hmac(body), 'x-gitea-event': 'push' })).status, 202);
    const bad = await post({ 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` });
    assert.equal(bad.status, 401);
    assert.deepEqual(await bad.json(), { error: 'bad signature' });
    assert.equal((await post({})).status, 401);
    assert.equal((await post({ 'x-gitea-signature': hmac('x'.repeat(2000)) }, 'x'.repeat(2000))).status, 413);
    assert.equal((await fetch(`${server.url}/hooks/git`)).status, 405);
    assert.deepEqual(hooks, ['github:push', 'gitea:push'], 'only verified hooks reach the loop');
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { ok: true });
    assert.deepEqual(await (await fetch(`${server.url}/status`)).json(), { current: 'abc', passes: 3 });
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  } finally {
    await server.close();
  }
  const noSecret = await startDaemonServer({ host: '127.0.0.1', port: 0, onWebhook: () => hooks.push('x'), status: () => ({}) });
  try {
    assert.equal((await fetch(`${noSecret.url}/hooks/git`, { method: 'POST', body: '{}' })).status, 403);
    assert.equal(hooks.length, 2);
  } finally {
    await noSecret.close();
  }
});

test('--listen addresses', () => {
  assert.deepEqual(parseListen('127.0.0.1:8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseListen('[::1]:9000'), { host: '::1', port: 9000 });
  assert.deepEqual(parseListen(':8080'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseListen('0.0.0.0:80'), { host: '0.0.0.0', port: 80 });
  assert.throws(() => parseListen('localhost'), /is not an address/);
  assert.throws(() => parseListen('1.2.3.4:99999'), /is not an address/);
});

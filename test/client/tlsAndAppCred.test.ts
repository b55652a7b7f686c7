import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createOpenStackClient } from '../../src/executors/openstack/client.js';
import { loadCloudConfig } from '../../src/executors/openstack/cloudConfig.js';
import { StackshiftError } from '../../src/errors.js';
import { cloudDispatcher as openStackDispatcher } from '../../src/executors/openstack/dispatcher.js';
import { fakeClock, startFakeCloud, type FakeCloud } from './fakeCloud.js';
import { tempDir } from '../fixtures/tempDir.js';

let dir: string;
let tls: FakeCloud;
const produced: string[] = [];

async function load(entry: string) {
  await writeFile(join(dir, 'clouds.yaml'), entry);
  return loadCloudConfig('c', { env: { HOME: dir }, cwd: dir, systemDir: dir });
}

async function failure(p: Promise<unknown>): Promise<StackshiftError> {
  const err = await p.then(() => assert.fail('expected failure'), (e: unknown) => e);
  assert.ok(err instanceof StackshiftError, String(err));
  produced.push(JSON.stringify({ m: err.message, h: err.hint, d: err.data, s: err.stack }));
  return err;
}

describe('TLS and application credentials', () => {
  before(async () => {
    dir = await tempDir('ss-tls-');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'ca.pem')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    tls = await startFakeCloud({ tls: { key: await readFile(join(dir, 'key.pem'), 'utf8'), cert: await readFile(join(dir, 'ca.pem'), 'utf8') } });
    tls.routes.push((_req, url) => (url.pathname === '/compute/v2.1/servers' ? { status: 200, body: { servers: [] } } : undefined));
  });
  after(async () => {
    await tls.close();
    for (const s of [tls.password, tls.appSecret, ...tls.tokens]) assert.ok(!produced.join('\n').includes(s), 'no secret in errors or logs');
  });

  const entry = (extra: string, auth = `username: alice, password: "${'pa55-w0rd-xyz'}", project_id: p, user_domain_name: Default`) =>
    `clouds:\n  c:\n    auth: {auth_url: "${tls.url}/identity", ${auth}}\n    region_name: R1\n${extra}`;

  it('fails with a one-line TLS error and a hint when the CA is unknown', async () => {
    const cloud = await load(entry(''));
    const dispatcher = openStackDispatcher(cloud.tls);
    const c = createOpenStackClient(cloud, { dispatcher, clock: fakeClock(), log: (l) => produced.push(l) });
    const err = await failure(c.request({ service: 'compute', method: 'GET', path: '/servers' }));
    assert.equal(err.code, 'E_CONNECTION');
    assert.match(err.message, /TLS failure \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/);
    assert.match(err.hint!, /set cacert for cloud 'c'/);
    await dispatcher.close();
  });

  it('trusts the CA named by cacert, or nothing at all with verify: false', async () => {
    for (const extra of [`    cacert: ${join(dir, 'ca.pem')}\n`, '    verify: false\n']) {
      const cloud = await load(entry(extra));
      const dispatcher = openStackDispatcher(cloud.tls);
      const c = createOpenStackClient(cloud, { dispatcher, log: (l) => produced.push(l) });
      const r = await c.request<{ servers: unknown[] }>({ service: 'compute', method: 'GET', path: '/servers' });
      assert.deepEqual(r.body.servers, []);
      await dispatcher.close();
    }
  });

  it('authenticates with an application credential and never shows its secret', async () => {
    const good = await load(entry(`    cacert: ${join(dir, 'ca.pem')}\n`, `application_credential_id: ac-1, application_credential_secret: "${tls.appSecret}"`));
    assert.equal(good.authType, 'v3applicationcredential');
    const c = createOpenStackClient(good, { log: (l) => produced.push(l) });
    await c.request({ service: 'compute', method: 'GET', path: '/servers' });
    await c.close();
    const bad = await load(entry(`    cacert: ${join(dir, 'ca.pem')}\n`, `application_credential_id: ac-1, application_credential_secret: "wrong-${tls.appSecret}"`));
    const b = createOpenStackClient(bad, { clock: fakeClock(), log: (l) => produced.push(l) });
    const err = await failure(b.request({ service: 'compute', method: 'GET', path: '/servers' }));
    assert.equal(err.code, 'E_AUTH_FAILED');
    assert.match(err.hint!, /application credential/);
    assert.ok(!err.message.includes('wrong-'));
    await b.close();
  });
});

/**
 * Redfish session auth against the simulator's BMC: one login (POST …/SessionService/Sessions),
 * X-Auth-Token afterwards, a fresh login when the BMC has expired the session, the session
 * deleted on close; a refused login fails for good and neither password nor token is shown.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { BmcConfig } from '../../src/desired/configModel.js';
import { redfishBmc } from '../../src/executors/bmc/redfish.js';
import { StackshiftError } from '../../src/errors.js';
import { newMachine } from '../../src/simulator/redfish/machine.js';
import { startRedfishBmc, type RedfishBmc } from '../../src/simulator/redfish/server.js';
import { selfSignedCertificate } from '../../src/simulator/redfish/tls.js';

const PASSWORD = 'redfish-session-s3cret';
let server: RedfishBmc;
let pin: string;
const seen: { method: string; path: string }[] = [];
/** Set by a test: the BMC has ended the session before the next read of the System. */
let expireBeforeNextGet = false;

before(async () => {
  const tls = selfSignedCertificate();
  assert.ok(tls, 'openssl makes the BMC certificate');
  pin = new X509Certificate(tls.cert).fingerprint256;
  const machine = newMachine({ id: 'node-1', uuid: '00000000-0000-4000-8000-000000000001', username: 'root', password: PASSWORD });
  server = await startRedfishBmc(machine, {
    tls,
    fault: (method, path) => {
      seen.push({ method, path });
      if (expireBeforeNextGet && method === 'GET' && path.startsWith('/redfish/v1/Systems/')) {
        expireBeforeNextGet = false;
        return { status: 401, message: 'The session has expired' };
      }
      return undefined;
    },
  });
});
after(() => server?.close());

const config = (over: Partial<BmcConfig> = {}): BmcConfig => ({ driver: 'redfish', address: server.url, systemId: server.systemPath, username: 'root', passwordEnv: 'PW', certificateSha256: pin, auth: 'session', ...over });
const logins = () => seen.filter((r) => r.method === 'POST' && r.path === '/redfish/v1/SessionService/Sessions').length;

test('one login for all the calls, and the session is deleted on close', async () => {
  const warnings: string[] = [];
  const bmc = redfishBmc('node-1', config(), async () => PASSWORD, { warn: (l) => warnings.push(l) });
  const before = logins();
  await bmc.setBootDevice('pxe');
  await bmc.power('off');
  assert.equal(await bmc.powerState(), 'off');
  assert.equal(await bmc.bootDevice(), 'pxe');
  assert.equal(logins() - before, 1, 'logged in once');
  assert.equal(server.openSessions, 1);
  await bmc.close();
  assert.equal(server.openSessions, 0, 'the BMC holds no session of ours afterwards');
  assert.ok(seen.some((r) => r.method === 'DELETE' && r.path.startsWith('/redfish/v1/SessionService/Sessions/')));
  await bmc.close();
  assert.deepEqual(warnings, [], 'a second close does nothing');
});

test('a session the BMC expired is replaced by one new login', async () => {
  const bmc = redfishBmc('node-1', config(), async () => PASSWORD);
  await bmc.powerState();
  const before = logins();
  expireBeforeNextGet = true;
  assert.equal(await bmc.powerState(), 'off');
  assert.equal(logins() - before, 1);
  await bmc.close();
  assert.equal(server.openSessions, 1, 'the expired one is the BMC\'s to drop (here it never expired on its side)');
});

test('a refused login fails for good without showing the password', async () => {
  const bmc = redfishBmc('node-1', config({ passwordEnv: 'STACKSHIFT_NODE1_PW' }), async () => 'wrong-one');
  const err = await bmc.powerState().then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof StackshiftError);
  assert.equal(err.retry, 'never');
  assert.match(err.message, /refused user root \(HTTP 401\)/);
  assert.match(err.hint ?? '', /\$STACKSHIFT_NODE1_PW/);
  assert.ok(!JSON.stringify({ m: err.message, h: err.hint, d: err.data }).includes('wrong-one'));
  await bmc.close();
});

test('the simulated BMC: a deleted session\'s token is refused, Basic auth still works, the login body never echoes the password', async () => {
  const { request, Agent } = await import('undici');
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  try {
    const login = await request(`${server.url}/redfish/v1/SessionService/Sessions`, { method: 'POST', dispatcher, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ UserName: 'root', Password: PASSWORD }) });
    assert.equal(login.statusCode, 201);
    const text = await login.body.text();
    assert.ok(!text.includes(PASSWORD));
    assert.equal(JSON.parse(text).Password, null);
    const token = String(login.headers['x-auth-token']);
    const location = String(login.headers.location);
    const get = (headers: Record<string, string>) => request(`${server.url}${server.systemPath}`, { dispatcher, headers }).then(async (r) => (await r.body.text(), r.statusCode));
    assert.equal(await get({ 'x-auth-token': token }), 200);
    const del = await request(`${server.url}${location}`, { method: 'DELETE', dispatcher, headers: { 'x-auth-token': token } });
    await del.body.text();
    assert.equal(del.statusCode, 204);
    assert.equal(await get({ 'x-auth-token': token }), 401);
    assert.equal(await get({ authorization: `Basic ${Buffer.from(`root:${PASSWORD}`).toString('base64')}` }), 200);
  } finally {
    await dispatcher.close();
  }
});

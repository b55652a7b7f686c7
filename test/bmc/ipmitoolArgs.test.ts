/**
 * The ipmitool client against a fake ipmitool (a shell script that records its argv and whether
 * IPMI_PASSWORD reached it): the password travels in the child's environment, never in argv where
 * `ps` shows it; a refused password fails for good without showing it; a missing ipmitool says
 * which package to install; an abort kills the child.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { BmcConfig } from '../../src/desired/configModel.js';
import { ipmitoolBmc } from '../../src/executors/bmc/ipmitool.js';
import { StackshiftError } from '../../src/errors.js';

const PASSWORD = 'ipmi-s3cret-pw';
const dir = mkdtempSync(join(tmpdir(), 'stackshift-fake-ipmitool-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const config: BmcConfig = { driver: 'ipmi', address: '127.0.0.1', port: 6230, username: 'admin', passwordFile: '/etc/stackshift/node-1.pw' };

/** A fake ipmitool whose behaviour after recording is `body` (shell). */
function fakeIpmitool(name: string, body: string): { binary: string; argv: () => string; env: () => string } {
  const binary = join(dir, name);
  writeFileSync(binary, `#!/bin/sh\nprintf '%s\\n' "$@" > ${dir}/${name}.argv\nprintf '%s' "$IPMI_PASSWORD" > ${dir}/${name}.env\n${body}\n`);
  chmodSync(binary, 0o755);
  return { binary, argv: () => readFileSync(`${binary}.argv`, 'utf8'), env: () => readFileSync(`${binary}.env`, 'utf8') };
}

const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected a failure'), (e: unknown) => { assert.ok(e instanceof StackshiftError); return e; });

test('the password reaches ipmitool in IPMI_PASSWORD (-E), never in argv', async () => {
  const fake = fakeIpmitool('ok', 'echo "Chassis Power is on"');
  const bmc = ipmitoolBmc('node-1', config, async () => PASSWORD, { binary: fake.binary });
  assert.equal(bmc.label, 'ipmi 127.0.0.1:6230');
  assert.equal(await bmc.powerState(), 'on');
  const argv = fake.argv().split('\n');
  assert.ok(!fake.argv().includes(PASSWORD), 'no password in argv');
  assert.deepEqual(argv.slice(0, 11), ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', '6230', '-U', 'admin', '-E']);
  assert.ok(!argv.includes('-P') && !argv.includes('-f'), 'neither -P nor a password file');
  assert.deepEqual(argv.slice(-3, -1), ['power', 'status']);
  assert.equal(fake.env(), PASSWORD);
});

test('the cipher suite reclaim.yaml names goes to -C (3 when it names none)', async () => {
  const fake = fakeIpmitool('suite', 'echo "Chassis Power is off"');
  await ipmitoolBmc('node-1', { ...config, cipherSuite: 17 }, async () => PASSWORD, { binary: fake.binary }).powerState();
  assert.deepEqual(fake.argv().split('\n').slice(0, 4), ['-I', 'lanplus', '-C', '17']);
  await ipmitoolBmc('node-1', { ...config, cipherSuite: 0 }, async () => PASSWORD, { binary: fake.binary }).powerState();
  assert.deepEqual(fake.argv().split('\n').slice(2, 4), ['-C', '0'], 'suite 0 is a value, not an absence');
});

test('boot device: bootdev pxe is sent, and bootparam 5 is read back', async () => {
  const fake = fakeIpmitool('boot', 'echo " Boot Device Selector : Force PXE"');
  const bmc = ipmitoolBmc('node-1', config, async () => PASSWORD, { binary: fake.binary });
  await bmc.setBootDevice('pxe');
  assert.match(fake.argv(), /chassis\nbootdev\npxe\n$/);
  assert.equal(await bmc.bootDevice(), 'pxe');
  assert.match(fake.argv(), /chassis\nbootparam\nget\n5\n$/);
});

test('a refused password fails for good, naming its reference and not the password', async () => {
  const fake = fakeIpmitool('rakp', 'echo "> RAKP 2 HMAC is invalid" >&2\necho "Error: Unable to establish IPMI v2 / RMCP+ session" >&2\nexit 1');
  const err = await failure(ipmitoolBmc('node-1', config, async () => PASSWORD, { binary: fake.binary }).power('on'));
  assert.equal(err.retry, 'never');
  assert.match(err.hint ?? '', /\/etc\/stackshift\/node-1\.pw/);
  assert.ok(!JSON.stringify({ m: err.message, h: err.hint, d: err.data }).includes(PASSWORD));
});

test('an unanswered BMC is retried later', async () => {
  const fake = fakeIpmitool('silent', 'echo "Error: Unable to establish IPMI v2 / RMCP+ session" >&2\nexit 1');
  const err = await failure(ipmitoolBmc('node-1', config, async () => PASSWORD, { binary: fake.binary }).powerState());
  assert.equal(err.retry, 'later');
});

test('a missing ipmitool says which package to install', async () => {
  const err = await failure(ipmitoolBmc('node-1', config, async () => PASSWORD, { binary: join(dir, 'no-such-ipmitool') }).powerState());
  assert.equal(err.retry, 'never');
  assert.match(err.hint ?? '', /ipmitool package/);
});

test('an abort kills the child at once', async () => {
  const fake = fakeIpmitool('hang', 'exec sleep 30');
  const started = Date.now();
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 100);
  await failure(ipmitoolBmc('node-1', config, async () => PASSWORD, { binary: fake.binary }).power('off', abort.signal));
  assert.ok(Date.now() - started < 5_000, `stopped after ${Date.now() - started} ms`);
});

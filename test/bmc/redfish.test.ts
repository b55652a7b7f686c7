/**
 * The Redfish client against the simulator's BMC over TLS: a pinned self-signed certificate is
 * accepted and any other refused before a request (and so the credentials) reaches the BMC;
 * power and the PXE boot override are checked on the BMC's side; a wrong password fails for good
 * without showing it; a PATCH whose ETag went stale (412) is retried once with the new one.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { BmcConfig } from '../../src/desired/configModel.js';
import { redfishBmc } from '../../src/executors/bmc/redfish.js';
import { StackshiftError } from '../../src/errors.js';
import { newMachine, type BareMetalMachine } from '../../src/simulator/redfish/machine.js';
import { startRedfishBmc, type RedfishBmc } from '../../src/simulator/redfish/server.js';
import { selfSignedCertificate } from '../../src/simulator/redfish/tls.js';

const PASSWORD = 'redfish-s3cret';
let machine: BareMetalMachine;
let server: RedfishBmc;
let requests = 0;
let patches = 0;
/** Set by a test: someone else changes the System between our GET and our PATCH. */
let changeBeforeNextPatch = false;
let pin: string;

before(async () => {
  const tls = selfSignedCertificate();
  assert.ok(tls, 'openssl makes the BMC certificate');
  pin = new X509Certificate(tls.cert).fingerprint256;
  machine = newMachine({ id: 'node-1', uuid: '00000000-0000-4000-8000-000000000001', username: 'root', password: PASSWORD });
  server = await startRedfishBmc(machine, {
    tls,
    fault: (method) => {
      requests++;
      if (method !== 'PATCH') return undefined;
      patches++;
      if (changeBeforeNextPatch) { changeBeforeNextPatch = false; machine.etag++; }
      return undefined;
    },
  });
});
after(() => server?.close());

const config = (over: Partial<BmcConfig> = {}): BmcConfig => ({ driver: 'redfish', address: server.url, systemId: server.systemPath, username: 'root', passwordEnv: 'PW', certificateSha256: pin, ...over });

test('with the pinned certificate: power and PXE next boot, as the BMC holds them', async () => {
  const bmc = redfishBmc('node-1', config(), async () => PASSWORD);
  await bmc.power('on');
  assert.equal(server.machine.powerState, 'On');
  await bmc.setBootDevice('pxe');
  assert.equal(server.machine.boot.target, 'Pxe', JSON.stringify(server.machine.boot));
  assert.equal(await bmc.bootDevice(), 'pxe');
  await bmc.power('off');
  assert.equal(server.machine.powerState, 'Off');
  assert.equal(await bmc.powerState(), 'off');
});

test('another certificate than the pinned one is refused before any request reaches the BMC', async () => {
  const before = requests;
  const wrongPin = pin.replace(/^../, pin.startsWith('00') ? '11' : '00');
  const bmc = redfishBmc('node-1', config({ certificateSha256: wrongPin }), async () => PASSWORD);
  const err = await bmc.powerState().then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof StackshiftError);
  assert.match(err.message, /is not the pinned one/);
  assert.equal(requests, before, 'no request was sent');
});

test('a wrong password fails for good, naming its reference and not the password', async () => {
  const bmc = redfishBmc('node-1', config({ passwordEnv: 'STACKSHIFT_NODE1_PW' }), async () => 'wrong-one');
  const err = await bmc.powerState().then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof StackshiftError);
  assert.equal(err.retry, 'never');
  assert.match(err.message, /refused user root \(HTTP 401\)/);
  assert.match(err.hint ?? '', /\$STACKSHIFT_NODE1_PW/);
  assert.ok(!JSON.stringify({ m: err.message, h: err.hint }).includes('wrong-one'));
});

test('a stale ETag (412) is retried once; a power cycle then PXE boots and consumes the Once override', async () => {
  const bmc = redfishBmc('node-1', config(), async () => PASSWORD);
  await bmc.power('on');
  const before = patches;
  changeBeforeNextPatch = true;
  await bmc.setBootDevice('pxe');
  assert.equal(patches - before, 2, 'the first PATCH met a 412, the second carried the new ETag');
  assert.deepEqual([server.machine.boot.target, server.machine.boot.enabled], ['Pxe', 'Once']);
  await bmc.power('cycle');
  assert.equal(server.machine.powerState, 'On');
  assert.equal(server.machine.lastBootSource, 'Pxe');
  assert.equal(await bmc.bootDevice(), 'none');
  await bmc.power('reset');
  assert.equal(server.machine.lastBootSource, 'Hdd');
});

test('without a systemId the first System the BMC lists is used', async () => {
  const { systemId: _, ...withoutSystem } = config();
  const bmc = redfishBmc('node-1', withoutSystem, async () => PASSWORD);
  await bmc.power('off');
  assert.equal(server.machine.powerState, 'Off');
  assert.equal(await bmc.powerState(), 'off');
});

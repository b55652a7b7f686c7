/**
 * The driver_info stackshift enrols a node with: Ironic reaches an IPMI BMC with the cipher suite
 * stackshift used (reclaim.yaml's cipherSuite, else 3); a Redfish one gets no IPMI keys and the
 * auth type reclaim.yaml names (redfish_auth_type).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BmcConfig } from '../../src/desired/configModel.js';
import { driverInfo } from '../../src/workflows/node/steps/enroll.js';

const ipmi: BmcConfig = { driver: 'ipmi', address: '10.0.0.12', username: 'admin', passwordEnv: 'PW' };

test('an IPMI node is enrolled with the cipher suite reclaim.yaml names', () => {
  assert.deepEqual(driverInfo({ ...ipmi, port: 6230, cipherSuite: 17 }, 'pw'), {
    ipmi_address: '10.0.0.12', ipmi_port: 6230, ipmi_username: 'admin', ipmi_password: 'pw', ipmi_cipher_suite: 17,
  });
});

test('without one, the suite ipmitool used (3) is the one Ironic gets', () => {
  assert.equal(driverInfo(ipmi, 'pw').ipmi_cipher_suite, 3);
  assert.equal(driverInfo({ ...ipmi, cipherSuite: 0 }, 'pw').ipmi_cipher_suite, 0);
});

test('a Redfish node has no IPMI keys, and Ironic authenticates as reclaim.yaml says', () => {
  const redfish: BmcConfig = { driver: 'redfish', address: 'https://10.0.0.13', username: 'root', passwordEnv: 'PW', systemId: '/redfish/v1/Systems/1' };
  const info = driverInfo(redfish, 'pw');
  assert.ok(!Object.keys(info).some((k) => k.startsWith('ipmi_')));
  assert.equal(info.redfish_auth_type, undefined, 'unset: Ironic\'s own default (auto)');
  assert.equal(driverInfo({ ...redfish, auth: 'session' }, 'pw').redfish_auth_type, 'session');
});

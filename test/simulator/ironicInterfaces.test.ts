/**
 * Ironic fills every interface an enrol request does not name with its hardware type's default,
 * as its conductor does on create_node: a node never reads back a null interface (the real
 * harness's fake-hardware node: test/fixtures/openstack/baremetal/node-create.json). What the
 * request names is kept.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { login, type Session } from './helpers/session.js';
import { testScenario } from './helpers/scenario.js';
import { openTarget, type Target } from './helpers/target.js';

let target: Target;
let admin: Session;

before(async () => {
  target = await openTarget({ clock: createManualClock(), scenario: testScenario({}) });
  admin = await login(target.admin);
});
after(() => target.close());

const create = async (body: Record<string, unknown>) => {
  const r = await admin.request('baremetal', 'POST', '/v1/nodes', { headers: { 'X-OpenStack-Ironic-API-Version': '1.78' }, body });
  assert.equal(r.status, 201, r.text);
  const shown = await admin.request('baremetal', 'GET', `/v1/nodes/${r.body.uuid}`, { headers: { 'X-OpenStack-Ironic-API-Version': '1.78' } });
  await admin.request('baremetal', 'DELETE', `/v1/nodes/${r.body.uuid}`, { headers: { 'X-OpenStack-Ironic-API-Version': '1.78' } });
  return { created: r.body, shown: shown.body };
};

const INTERFACES = ['bios', 'boot', 'console', 'deploy', 'inspect', 'management', 'network', 'power', 'raid', 'rescue', 'storage', 'vendor'].map((i) => `${i}_interface`);

test('a fake-hardware node reads back the interfaces the real harness\'s Ironic gives it', async () => {
  const { created, shown } = await create({ driver: 'fake-hardware', name: 'iface-fake' });
  const expected = { bios_interface: 'fake', boot_interface: 'fake', console_interface: 'fake', deploy_interface: 'fake', inspect_interface: 'fake', management_interface: 'fake', network_interface: 'noop', power_interface: 'fake', raid_interface: 'fake', rescue_interface: 'fake', storage_interface: 'noop', vendor_interface: 'fake' };
  for (const body of [created, shown]) assert.deepEqual(Object.fromEntries(INTERFACES.map((f) => [f, body[f]])), expected);
});

test('ipmi and redfish nodes get their hardware type\'s power, management and vendor interfaces; none is null', async () => {
  for (const driver of ['ipmi', 'redfish']) {
    const { shown } = await create({ driver, name: `iface-${driver}` });
    for (const f of INTERFACES) assert.equal(typeof shown[f], 'string', `${driver} ${f}: ${shown[f]}`);
    const own = driver === 'ipmi' ? 'ipmitool' : 'redfish';
    assert.equal(shown.power_interface, own);
    assert.equal(shown.management_interface, own);
    assert.equal(shown.vendor_interface, own);
    assert.equal(shown.boot_interface, 'ipxe');
  }
});

test('a redfish node keeps the interface the request names', async () => {
  const { shown } = await create({ driver: 'redfish', name: 'iface-named', boot_interface: 'pxe' });
  assert.equal(shown.boot_interface, 'pxe');
  assert.equal(shown.power_interface, 'redfish');
});

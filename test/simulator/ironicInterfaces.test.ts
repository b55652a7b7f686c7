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

/** Changing a node's hardware type (conductor update_node + driver_factory.check_and_update_node_interfaces). */
const V = (v: string) => ({ 'X-OpenStack-Ironic-API-Version': v });
const enrolled = async (driver: string, name: string) => {
  const r = await admin.request('baremetal', 'POST', '/v1/nodes', { headers: V('1.78'), body: { driver, name } });
  assert.equal(r.status, 201, r.text);
  return r.body.uuid as string;
};
const patch = (id: string, ops: unknown[], query = '', v = '1.78') => admin.request('baremetal', 'PATCH', `/v1/nodes/${id}${query}`, { headers: V(v), body: ops });
const toRedfish = { op: 'replace', path: '/driver', value: 'redfish' };

test('a new driver keeps the node\'s interfaces, so ipmi → redfish is refused until they fit it', async () => {
  const id = await enrolled('ipmi', 'driver-keep');
  const refused = await patch(id, [toRedfish]);
  assert.equal(refused.status, 400, 'ipmitool management is not supported by RedfishHardware');
  assert.match(refused.text, /management interface implementation 'ipmitool' is not supported by hardware type RedfishHardware/);
  assert.equal((await admin.request('baremetal', 'GET', `/v1/nodes/${id}`, { headers: V('1.78') })).body.driver, 'ipmi', 'nothing changed');
  const own = ['management', 'power', 'vendor'].map((i) => ({ op: 'replace', path: `/${i}_interface`, value: 'redfish' }));
  const fitted = await patch(id, [toRedfish, ...own]);
  assert.equal(fitted.status, 200, fitted.text);
  assert.equal(fitted.body.power_interface, 'redfish');
  // FakeHardware takes any enabled implementation (driver_factory.get_interface's special case).
  const fake = await patch(id, [{ op: 'replace', path: '/driver', value: 'fake-hardware' }]);
  assert.equal(fake.status, 200, fake.text);
  assert.equal(fake.body.management_interface, 'redfish');
});

test('reset_interfaces (1.45): ipmi → redfish puts every interface the request does not set at the new driver\'s default', async () => {
  const id = await enrolled('ipmi', 'driver-reset');
  assert.equal((await patch(id, [toRedfish], '?reset_interfaces=true', '1.44')).status, 406);
  assert.equal((await patch(id, [{ op: 'add', path: '/extra/x', value: 1 }], '?reset_interfaces=true')).status, 400, 'only with a new driver');
  const unsupported = await patch(id, [toRedfish, { op: 'replace', path: '/management_interface', value: 'fake' }], '?reset_interfaces=true');
  assert.equal(unsupported.status, 400, 'an interface set explicitly must be one the new driver supports');
  assert.match(unsupported.text, /management interface implementation 'fake' is not supported by hardware type RedfishHardware/);
  const r = await patch(id, [toRedfish, { op: 'replace', path: '/boot_interface', value: 'pxe' }], '?reset_interfaces=true');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.driver, 'redfish');
  assert.equal(r.body.boot_interface, 'pxe', 'set in the same request');
  for (const i of ['management', 'power', 'vendor']) assert.equal(r.body[`${i}_interface`], 'redfish', i);
  assert.equal(r.body.deploy_interface, 'direct');
  const unknown = await patch(id, [{ op: 'replace', path: '/deploy_interface', value: 'warp' }]);
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /Could not find the following interface in the 'ironic.hardware.interfaces.deploy' entrypoint: warp/);
});

/** Ironic contract: versions, enrol → manage → inspect → provide, failures with last_error, locks, power, ports. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { createManualClock } from '../../src/simulator/core/clock.js';
import { bmcEndpoint } from '../../src/simulator/redfish/index.js';
import { login, send, type Session } from './helpers/session.js';
import { testScenario } from './helpers/scenario.js';
import { openTarget, type Target } from './helpers/target.js';

/** The scenario addresses the BMC as https://, so it serves a self-signed certificate, as real BMCs do. */
const insecure = new Agent({ connect: { rejectUnauthorized: false } });
const bmcFetch = (url: string, init: Record<string, unknown> = {}) => undiciFetch(url, { ...init, dispatcher: insecure });

const clock = createManualClock();
let target: Target;
let admin: Session;
const bv = (v: string) => ({ 'X-OpenStack-Ironic-API-Version': v });

before(async () => {
  const scenario = testScenario({
    baremetal: [
      { name: 'compute-3', bmc: { driver: 'redfish', address: 'https://127.0.0.1:8443', username: 'root', passwordRef: 'env:X', password: 'calvin' }, macs: ['52:54:00:A1:03:01', '52:54:00:a1:03:02'], vcpus: 32, memory_mb: 262144, disk_gb: 900 },
      { name: 'compute-2', bmc: { driver: 'ipmi', address: '127.0.0.1', port: 6230, username: 'admin', passwordRef: 'file:/x', password: 'secret' }, macs: ['52:54:00:a1:02:01'] },
    ],
  });
  target = await openTarget({ clock, scenario });
  admin = await login(target.admin);
});
after(() => target.close());

const ironic = (method: string, path: string, body?: unknown, version = '1.82') => admin.request('baremetal', method, path, { headers: bv(version), ...(body === undefined ? {} : { body }) });
const errorText = (r: { body: any }) => JSON.parse(r.body.error_message).faultstring as string;

async function enrolRedfish(name: string, password = 'calvin'): Promise<string> {
  const bmc = bmcEndpoint(target.sim!.cloud('source'), 'compute-3')!;
  const r = await ironic('POST', '/v1/nodes', { name, driver: 'redfish', resource_class: 'baremetal.compute', driver_info: { redfish_address: bmc.url, redfish_system_id: bmc.systemPath, redfish_username: 'root', redfish_password: password } });
  assert.equal(r.status, 201, r.text);
  return r.body.uuid as string;
}

test('version document and negotiation: min 1.1, max stated, 406 above, headers on every answer', async () => {
  const root = await send(`${admin.endpoint('baremetal')}/`, 'GET');
  assert.equal(root.body.default_version.min_version, '1.1');
  const max = root.body.default_version.version as string;
  const r = await ironic('GET', '/v1/nodes', undefined, '1.50');
  assert.equal(r.headers.get('x-openstack-ironic-api-version'), '1.50');
  assert.equal(r.headers.get('x-openstack-ironic-api-maximum-version'), max);
  const high = await ironic('GET', '/v1/nodes', undefined, '1.999');
  assert.equal(high.status, 406);
  const member = await login(target.source);
  const asMember = await member.request('baremetal', 'GET', '/v1/nodes');
  assert.equal(asMember.status, 200, 'members list the nodes their project owns');
  assert.deepEqual(asMember.body.nodes, []);
  assert.equal((await member.request('baremetal', 'POST', '/v1/nodes', { body: { driver: 'fake-hardware' } })).status, 403);
});

test('enrol → manage (verifying) → manageable; passwords masked on read', async () => {
  const id = await enrolRedfish('node-a');
  const node = (await ironic('GET', `/v1/nodes/${id}`)).body;
  assert.equal(node.provision_state, 'enroll');
  assert.equal(node.driver_info.redfish_password, '******');
  assert.equal(node.driver_info.redfish_username, 'root');
  const sim = target.sim!.cloud('source');
  sim.progression.set('node', { type: 'polls', polls: 1 });
  try {
    assert.equal((await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'manage' })).status, 202);
    const during = (await ironic('GET', `/v1/nodes/${id}`)).body;
    assert.equal(during.provision_state, 'verifying');
    assert.equal(during.target_provision_state, 'manageable');
    const locked = await ironic('PATCH', `/v1/nodes/${id}`, [{ op: 'add', path: '/extra/x', value: 1 }]);
    assert.equal(locked.status, 409);
    assert.match(errorText(locked), /is locked by host/);
    let n = during;
    for (let i = 0; i < 5 && n.target_provision_state !== null; i++) n = (await ironic('GET', `/v1/nodes/${id}`)).body;
    assert.equal(n.provision_state, 'manageable');
    assert.equal(n.power_state, 'power off');
  } finally {
    sim.progression.set('node', { type: 'immediate' });
  }
});

test('wrong BMC password: verifying fails back to enroll with last_error', async () => {
  const id = await enrolRedfish('node-bad', 'wrong');
  await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'manage' });
  const n = (await ironic('GET', `/v1/nodes/${id}`)).body;
  assert.equal(n.provision_state, 'enroll');
  assert.match(n.last_error, /authentication/);
  assert.equal(n.target_provision_state, null);
});

test('inspect fills properties and ports from the machine; provide cleans to available', async () => {
  const id = await enrolRedfish('node-b');
  await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'manage' });
  const tooOld = await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'inspect' }, '1.5');
  assert.equal(tooOld.status, 406);
  assert.equal((await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'inspect' })).status, 202);
  const n = (await ironic('GET', `/v1/nodes/${id}`)).body;
  assert.equal(n.provision_state, 'manageable');
  assert.deepEqual({ cpus: n.properties.cpus, memory_mb: n.properties.memory_mb, local_gb: n.properties.local_gb }, { cpus: 32, memory_mb: 262144, local_gb: 900 });
  assert.ok(n.inspection_finished_at);
  const ports = (await ironic('GET', `/v1/ports?node=${id}&detail=true`)).body.ports;
  assert.deepEqual(ports.map((p: { address: string }) => p.address).sort(), ['52:54:00:a1:03:01', '52:54:00:a1:03:02']);
  assert.equal((await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'provide' })).status, 202);
  const avail = (await ironic('GET', `/v1/nodes/${id}/states`)).body;
  assert.equal(avail.provision_state, 'available');
  assert.equal(avail.target_provision_state, null);
  const del = await ironic('DELETE', `/v1/nodes/${id}`);
  assert.equal(del.status, 409, 'available nodes cannot be deleted');
  assert.match(errorText(del), /Can not delete node/);
});

test('invalid transitions are 400 InvalidStateRequested; inspect failure and abort in a wait state', async () => {
  const id = await enrolRedfish('node-c');
  const bad = await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'provide' });
  assert.equal(bad.status, 400);
  assert.equal(errorText(bad), `The requested action "provide" can not be performed on node "${id}" while it is in state "enroll".`);
  await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'manage' });
  const sim = target.sim!.cloud('source');
  sim.progression.failNext('node', 'inspect failed', 'Inspection timed out');
  await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'inspect' });
  const failed = (await ironic('GET', `/v1/nodes/${id}`)).body;
  assert.equal(failed.provision_state, 'inspect failed');
  assert.equal(failed.last_error, 'Inspection timed out');
  sim.progression.set('node', { type: 'polls', polls: 1 });
  try {
    await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'inspect' });
    let n = (await ironic('GET', `/v1/nodes/${id}`)).body;
    for (let i = 0; i < 4 && n.provision_state !== 'inspect wait'; i++) n = (await ironic('GET', `/v1/nodes/${id}`)).body;
    assert.equal(n.provision_state, 'inspect wait');
    assert.equal((await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'abort' })).status, 202);
    assert.equal((await ironic('GET', `/v1/nodes/${id}`)).body.provision_state, 'inspect failed');
  } finally {
    sim.progression.set('node', { type: 'immediate' });
  }
  assert.equal((await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'manage' })).status, 202);
  assert.equal((await ironic('DELETE', `/v1/nodes/${id}`)).status, 204);
  assert.equal((await ironic('GET', `/v1/nodes/${id}`)).status, 404);
});

test('power on through Ironic reaches the machine behind the BMC', async () => {
  const id = await enrolRedfish('node-d');
  await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'manage' });
  assert.equal((await ironic('PUT', `/v1/nodes/${id}/management/boot_device`, { boot_device: 'pxe' })).status, 204);
  assert.equal((await ironic('PUT', `/v1/nodes/${id}/states/power`, { target: 'power on' })).status, 202);
  assert.equal((await ironic('GET', `/v1/nodes/${id}`)).body.power_state, 'power on');
  const bmc = bmcEndpoint(target.sim!.cloud('source'), 'compute-3')!;
  const sys = await bmcFetch(bmc.url + bmc.systemPath, { headers: { authorization: `Basic ${Buffer.from('root:calvin').toString('base64')}` } });
  const body = (await sys.json()) as { PowerState: string };
  assert.equal(body.PowerState, 'On');
  assert.equal((await ironic('PUT', `/v1/nodes/${id}/states/power`, { target: 'explode' })).status, 400);
});

test('ports: 409 duplicate MAC, 400 bad MAC, paging with next; IPMI node by address and port', async () => {
  const r = await ironic('POST', '/v1/nodes', { name: 'ipmi-1', driver: 'ipmi', driver_info: { ipmi_address: '127.0.0.1', ipmi_port: 6230, ipmi_username: 'admin', ipmi_password: 'secret' } });
  const id = r.body.uuid as string;
  assert.equal(r.body.driver_info.ipmi_password, '******');
  const p1 = await ironic('POST', '/v1/ports', { node_uuid: id, address: '52:54:00:a1:02:01', pxe_enabled: true });
  assert.equal(p1.status, 201);
  const dup = await ironic('POST', '/v1/ports', { node_uuid: id, address: '52:54:00:A1:02:01' });
  assert.equal(dup.status, 409);
  assert.equal(errorText(dup), 'A port with MAC address 52:54:00:a1:02:01 already exists.');
  assert.equal((await ironic('POST', '/v1/ports', { node_uuid: id, address: 'zz' })).status, 400);
  await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'manage' });
  assert.equal((await ironic('GET', `/v1/nodes/${id}`)).body.provision_state, 'manageable');
  const page = await ironic('GET', '/v1/nodes?limit=2');
  assert.equal(page.body.nodes.length, 2);
  assert.match(page.body.next, /marker=/);
  const old = await ironic('POST', '/v1/nodes', { driver: 'fake-hardware' }, '1.10');
  assert.equal(old.body.provision_state, 'available', 'before 1.11 new nodes start available');
  assert.equal((await ironic('POST', '/v1/nodes', { driver: 'nope' })).status, 400);
  assert.deepEqual(target.sim!.cloud('source').internalErrors, []);
});

test('PATCH: JSON patch on driver_info and properties, 400 on a bad path, 409 while locked', async () => {
  const id = await enrolRedfish('node-patch', 'wrong');
  const fixed = await ironic('PATCH', `/v1/nodes/${id}`, [
    { op: 'replace', path: '/driver_info/redfish_password', value: 'calvin' },
    { op: 'add', path: '/properties/capabilities', value: 'boot_mode:uefi' },
    { op: 'add', path: '/extra/owner', value: 'stackshift' },
  ]);
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal(fixed.body.driver_info.redfish_password, '******');
  assert.equal(fixed.body.properties.capabilities, 'boot_mode:uefi');
  assert.equal((await ironic('PATCH', `/v1/nodes/${id}`, [{ op: 'remove', path: '/extra/nothing' }])).status, 400);
  assert.equal((await ironic('PATCH', `/v1/nodes/${id}`, [{ op: 'add', path: '/bogus', value: 1 }])).status, 400);
  await ironic('PUT', `/v1/nodes/${id}/states/provision`, { target: 'manage' });
  assert.equal((await ironic('GET', `/v1/nodes/${id}`)).body.provision_state, 'manageable', 'the patched password verifies');
  const sim = target.sim!.cloud('source');
  sim.progression.set('node-power', { type: 'polls', polls: 5 });
  try {
    await ironic('PUT', `/v1/nodes/${id}/states/power`, { target: 'power on' });
    const busy = await ironic('PATCH', `/v1/nodes/${id}`, [{ op: 'add', path: '/extra/x', value: 1 }]);
    assert.equal(busy.status, 409);
    const shown = (await ironic('GET', `/v1/nodes/${id}`)).body;
    assert.equal(shown.target_power_state, 'power on');
  } finally {
    sim.progression.set('node-power', { type: 'immediate' });
  }
});

/**
 * A node's whole reclaim across the two clouds, through public APIs only: quiesce and remove
 * compute-1 from the source's Nova, PXE-boot it through its Redfish BMC, enrol it in the
 * destination's Ironic and walk it to available.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { bmcEndpoint } from '../../src/simulator/redfish/index.js';
import { login, type Session } from './helpers/session.js';
import { testScenario } from './helpers/scenario.js';
import { openTarget, type Target } from './helpers/target.js';

/** The scenario addresses the BMC as https://, so it serves a self-signed certificate, as real BMCs do. */
const insecure = new Agent({ connect: { rejectUnauthorized: false } });
const bmcFetch = (url: string, init: Record<string, unknown> = {}) => undiciFetch(url, { ...init, dispatcher: insecure });

let target: Target;
let src: Session;
let dst: Session;
const cmv = { 'OpenStack-API-Version': 'compute 2.53' };
const bmv = { 'X-OpenStack-Ironic-API-Version': '1.82' };
const auth = { authorization: `Basic ${Buffer.from('root:calvin').toString('base64')}` };

before(async () => {
  const scenario = testScenario({
    baremetal: [{ name: 'compute-1', host: 'compute-1', bmc: { driver: 'redfish', address: 'https://127.0.0.1:8443', username: 'root', passwordRef: 'env:BMC', password: 'calvin' }, macs: ['52:54:00:a1:01:01'], vcpus: 8, memory_mb: 16384, disk_gb: 200 }],
  });
  target = await openTarget({ scenario });
  src = await login(target.admin);
  dst = await login(target.sim!.entries['dst-admin']!);
});
after(() => target.close());

test('quiesce, remove, PXE power-cycle over Redfish, enrol and provide in the other cloud', async () => {
  const svc = (await src.request('compute', 'GET', '/os-services?host=compute-1', { headers: cmv })).body.services[0];
  assert.equal(svc.state, 'up', 'the machine is powered on, so its compute service is up');
  assert.equal((await src.request('compute', 'PUT', `/os-services/${svc.id}`, { headers: cmv, body: { status: 'disabled', disabled_reason: 'reclaim' } })).status, 200);
  assert.equal((await src.request('compute', 'DELETE', `/os-services/${svc.id}`, { headers: cmv })).status, 204);

  const bmc = bmcEndpoint(target.sim!.cloud('source'), 'compute-1')!;
  const system = bmc.url + bmc.systemPath;
  const patch = await bmcFetch(system, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' } }) });
  assert.equal(patch.status, 200);
  const reset = await bmcFetch(`${system}/Actions/ComputerSystem.Reset`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ ResetType: 'ForceRestart' }) });
  assert.equal(reset.status, 204);
  const state = (await (await bmcFetch(system, { headers: auth })).json()) as { PowerState: string; Boot: { BootSourceOverrideEnabled: string } };
  assert.equal(state.PowerState, 'On');
  assert.equal(state.Boot.BootSourceOverrideEnabled, 'Disabled', 'the one-shot override was used by the PXE boot');

  const node = await dst.request('baremetal', 'POST', '/v1/nodes', {
    headers: bmv,
    body: { name: 'compute-1', driver: 'redfish', resource_class: 'baremetal.compute', driver_info: { redfish_address: bmc.url, redfish_system_id: bmc.systemPath, redfish_username: 'root', redfish_password: 'calvin', redfish_verify_ca: false } },
  });
  assert.equal(node.status, 201, node.text);
  const id = node.body.uuid as string;
  for (const verb of ['manage', 'inspect', 'provide']) {
    assert.equal((await dst.request('baremetal', 'PUT', `/v1/nodes/${id}/states/provision`, { headers: bmv, body: { target: verb } })).status, 202);
    const n = (await dst.request('baremetal', 'GET', `/v1/nodes/${id}`, { headers: bmv })).body;
    assert.equal(n.last_error, null, `${verb}: ${n.last_error}`);
  }
  const final = (await dst.request('baremetal', 'GET', `/v1/nodes/${id}`, { headers: bmv })).body;
  assert.equal(final.provision_state, 'available');
  assert.equal(final.properties.memory_mb, 16384);
  const ports = (await dst.request('baremetal', 'GET', `/v1/nodes/${id}/ports`, { headers: bmv })).body.ports;
  assert.deepEqual(ports.map((p: { address: string }) => p.address), ['52:54:00:a1:01:01']);
});

test('faults injected for service redfish hit the BMC: status once, then a connection reset', async () => {
  const c = target.sim!.cloud('source');
  const bmc = bmcEndpoint(c, 'compute-1')!;
  c.faults.inject({ service: 'redfish', method: 'GET', route: bmc.systemPath, status: 503, times: 1 });
  assert.equal((await bmcFetch(bmc.url + bmc.systemPath, { headers: auth })).status, 503);
  assert.equal((await bmcFetch(bmc.url + bmc.systemPath, { headers: auth })).status, 200);
  c.faults.inject({ service: 'redfish', reset: true, times: 1 });
  await assert.rejects(bmcFetch(bmc.url + bmc.systemPath, { headers: auth }));
  assert.equal((await bmcFetch(bmc.url + bmc.systemPath, { headers: auth })).status, 200);
});

test('a compute host whose machine is powered off reports its service down', async () => {
  const bmc = bmcEndpoint(target.sim!.cloud('source'), 'compute-1')!;
  // compute-1's service was deleted above; power state still drives what a re-added service would show.
  await bmcFetch(`${bmc.url}${bmc.systemPath}/Actions/ComputerSystem.Reset`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ ResetType: 'ForceOff' }) });
  const { hostPoweredOff } = await import('../../src/simulator/redfish/registry.js');
  assert.equal(hostPoweredOff(target.sim!.cloud('source'), 'compute-1'), true);
  assert.deepEqual(target.sim!.cloud('source').internalErrors, []);
  assert.deepEqual(target.sim!.cloud('destination').internalErrors, []);
});

test('an https:// BMC really speaks TLS (a verifying client refuses its self-signed certificate)', async () => {
  const bmc = bmcEndpoint(target.sim!.cloud('source'), 'compute-1')!;
  assert.match(bmc.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  await assert.rejects(undiciFetch(`${bmc.url}/redfish/v1`));
  assert.equal((await bmcFetch(`${bmc.url}/redfish/v1`)).status, 200);
});

test('machines the scenario marks inIronic are manageable nodes in the new cloud, with their ports', async () => {
  const scenario = testScenario({
    baremetal: [{ name: 'spare-1', inIronic: true, bmc: { driver: 'ipmi', address: '127.0.0.1', port: 6231, username: 'admin', passwordRef: 'env:X', password: 'pw' }, macs: ['52:54:00:b0:00:01'] }],
  });
  const other = await openTarget({ scenario });
  try {
    const d = await login(other.sim!.entries['dst-admin']!);
    const nodes = (await d.request('baremetal', 'GET', '/v1/nodes/detail', { headers: bmv })).body.nodes;
    assert.deepEqual(nodes.map((n: { name: string; provision_state: string }) => [n.name, n.provision_state]), [['spare-1', 'manageable']]);
    assert.equal(nodes[0].driver_info.ipmi_password, '******');
    const s = await login(other.admin);
    assert.equal((await s.request('baremetal', 'GET', '/v1/nodes', { headers: bmv })).body.nodes.length, 0, 'not in the old cloud');
    await d.request('baremetal', 'PUT', `/v1/nodes/${nodes[0].uuid}/states/provision`, { headers: bmv, body: { target: 'provide' } });
    assert.equal((await d.request('baremetal', 'GET', `/v1/nodes/${nodes[0].uuid}`, { headers: bmv })).body.provision_state, 'available');
  } finally {
    await other.close();
  }
});

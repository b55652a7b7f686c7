import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newMachine } from '../../src/simulator/redfish/machine.js';
import { startRedfishBmc, type RedfishBmc } from '../../src/simulator/redfish/server.js';

const auth = `Basic ${Buffer.from('root:calvin').toString('base64')}`;

describe('Redfish BMC', () => {
  let bmc: RedfishBmc;
  before(async () => {
    bmc = await startRedfishBmc(newMachine({ id: 'node-1', uuid: '6d85703a-565d-469a-96ce-30b6de53079d', username: 'root', password: 'calvin', macs: ['52:54:00:aa:bb:01'] }));
  });
  after(() => bmc.close());

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = { authorization: auth }) => {
    const res = await fetch(bmc.url + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };

  it('serves the service root without auth and refuses the rest without credentials', async () => {
    const root = await call('GET', '/redfish/v1', undefined, {});
    assert.equal(root.status, 200);
    assert.equal(root.body?.Systems['@odata.id'], '/redfish/v1/Systems');
    const denied = await call('GET', '/redfish/v1/Systems', undefined, {});
    assert.equal(denied.status, 401);
    assert.match(denied.headers.get('www-authenticate') ?? '', /Basic/);
    const wrong = await call('GET', '/redfish/v1/Systems', undefined, { authorization: `Basic ${Buffer.from('root:nope').toString('base64')}` });
    assert.equal(wrong.status, 401);
  });

  it('lists the one system and shows power, boot and the reset action', async () => {
    const list = await call('GET', '/redfish/v1/Systems');
    assert.deepEqual(list.body?.Members, [{ '@odata.id': '/redfish/v1/Systems/node-1' }]);
    const sys = await call('GET', bmc.systemPath);
    assert.equal(sys.body?.PowerState, 'Off');
    assert.equal(sys.body?.Boot.BootSourceOverrideEnabled, 'Disabled');
    assert.ok(sys.body?.Boot['BootSourceOverrideTarget@Redfish.AllowableValues'].includes('Pxe'));
    assert.equal(sys.body?.Actions['#ComputerSystem.Reset'].target, '/redfish/v1/Systems/node-1/Actions/ComputerSystem.Reset');
    assert.equal(sys.headers.get('etag'), sys.body?.['@odata.etag']);
  });

  it('sets a one-shot PXE override, boots from it on power-on, then clears it', async () => {
    const etag = (await call('GET', bmc.systemPath)).headers.get('etag')!;
    const patched = await call('PATCH', bmc.systemPath, { Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' } }, { authorization: auth, 'if-match': etag });
    assert.equal(patched.status, 200);
    assert.equal(patched.body?.Boot.BootSourceOverrideTarget, 'Pxe');
    const stale = await call('PATCH', bmc.systemPath, { Boot: { BootSourceOverrideTarget: 'Hdd' } }, { authorization: auth, 'if-match': etag });
    assert.equal(stale.status, 412);
    const on = await call('POST', `${bmc.systemPath}/Actions/ComputerSystem.Reset`, { ResetType: 'On' });
    assert.equal(on.status, 204);
    assert.equal(bmc.machine.lastBootSource, 'Pxe');
    const after = await call('GET', bmc.systemPath);
    assert.equal(after.body?.PowerState, 'On');
    assert.equal(after.body?.Boot.BootSourceOverrideEnabled, 'Disabled');
  });

  it('handles ForceOff, PowerCycle, ForceRestart and GracefulShutdown', async () => {
    const reset = (t: string) => call('POST', `${bmc.systemPath}/Actions/ComputerSystem.Reset`, { ResetType: t });
    assert.equal((await reset('ForceOff')).status, 204);
    assert.equal(bmc.machine.powerState, 'Off');
    assert.equal((await reset('ForceRestart')).status, 409, 'restart of a powered-off system is refused');
    await call('PATCH', bmc.systemPath, { Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Continuous' } });
    assert.equal((await reset('PowerCycle')).status, 204);
    assert.equal(bmc.machine.powerState, 'On');
    assert.equal(bmc.machine.lastBootSource, 'Pxe');
    assert.equal(bmc.machine.boot.enabled, 'Continuous', 'a continuous override survives the boot');
    assert.equal((await reset('ForceRestart')).status, 204);
    assert.equal((await reset('GracefulShutdown')).status, 204);
    assert.equal(bmc.machine.powerState, 'Off');
  });

  it('rejects unknown reset types, bad boot targets and unknown paths', async () => {
    const bad = await call('POST', `${bmc.systemPath}/Actions/ComputerSystem.Reset`, { ResetType: 'Explode' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body?.error.code, 'Base.1.0.GeneralError');
    const target = await call('PATCH', bmc.systemPath, { Boot: { BootSourceOverrideTarget: 'Floppy' } });
    assert.equal(target.status, 400);
    assert.equal((await call('GET', '/redfish/v1/Systems/other')).status, 404);
    assert.equal((await call('DELETE', bmc.systemPath)).status, 405);
  });
});

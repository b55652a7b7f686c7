/** Conversion-host devices: an attached volume's bytes appear at /dev/disk/by-id/virtio-<20 chars> under the device root. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { volumes } from '../../src/simulator/cinder/store.js';
import { devicePath, virtioDeviceName } from '../../src/simulator/devices/conversionDevices.js';
import { login } from './helpers/session.js';
import { testScenario } from './helpers/scenario.js';
import { openTarget, type Target } from './helpers/target.js';
import { activeServer, makeWorld, type World } from './novaFixture.js';

let target: Target;
let w: World;
let deviceRoot: string;
before(async () => {
  deviceRoot = mkdtempSync(join(tmpdir(), 'stackshift-devices-'));
  target = await openTarget({ scenario: testScenario({ conversionHosts: ['conv-src'] }), deviceRoot });
  w = await makeWorld(await login(target.admin), await login(target.source), 'dev', { ram: 512, vcpus: 1 });
});
after(async () => {
  await target.close();
  rmSync(deviceRoot, { recursive: true, force: true });
});

const root = () => target.sim!.cloud('source').deviceRoot;

test('the by-id name is virtio- plus the first 20 characters of the volume id', () => {
  assert.equal(virtioDeviceName('0123456789abcdef0123456789'), 'virtio-0123456789abcdef0123');
});

test('attach to a conversion host exposes the volume; dd writes reach the volume; detach removes it', async () => {
  const v = await w.member.request('volumev3', 'POST', '/volumes', { body: { volume: { size: 1, name: 'copy-target' } } });
  const volumeId = v.body.volume.id as string;
  const conv = await activeServer(w, 'conv-src');
  assert.equal((await w.member.request('compute', 'POST', `/servers/${conv}/os-volume_attachments`, { body: { volumeAttachment: { volumeId } } })).status, 200);
  const path = devicePath(root(), volumeId);
  assert.ok(path.startsWith(join(deviceRoot, 'source')));
  assert.ok(lstatSync(path).isSymbolicLink());
  const backing = volumes(target.sim!.cloud('source')).get(volumeId)!.backingFile;
  assert.equal(readlinkSync(path), backing);
  // A real tool writes through the device path and the volume holds the bytes.
  const dd = spawnSync('dd', ['if=/dev/urandom', `of=${path}`, 'bs=4096', 'count=4', 'conv=notrunc'], { encoding: 'utf8' });
  assert.equal(dd.status, 0, dd.stderr);
  const sum = (file: string) => spawnSync('sh', ['-c', `head -c 16384 ${file} | sha256sum`], { encoding: 'utf8' }).stdout;
  assert.equal(sum(path), sum(backing));
  assert.equal((await w.member.request('compute', 'DELETE', `/servers/${conv}/os-volume_attachments/${volumeId}`)).status, 202);
  assert.equal(existsSync(path), false);
});

test('a volume attached to an ordinary server gets no device', async () => {
  const v = await w.member.request('volumev3', 'POST', '/volumes', { body: { volume: { size: 1, name: 'plain' } } });
  const volumeId = v.body.volume.id as string;
  const plain = await activeServer(w, 'app-server');
  await w.member.request('compute', 'POST', `/servers/${plain}/os-volume_attachments`, { body: { volumeAttachment: { volumeId } } });
  assert.equal(existsSync(devicePath(root(), volumeId)), false);
});

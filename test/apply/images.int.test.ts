import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IMAGE_MARKER_PROPERTY } from '../../src/resources/common.js';
import { codes, isStackshiftError } from '../../src/errors.js';
import { copyImageData } from '../../src/executors/infra/imageStream.js';
import { reconcilePass } from '../../src/reconcile/pass.js';
import { repoFiles } from './desiredRepo.js';
import { startHarness, type Harness } from './harness.js';

interface Image {
  id: string;
  name: string;
  status: string;
  checksum?: string;
  os_hash_value?: string;
  size?: number;
  [k: string]: unknown;
}

function withImage(files: Record<string, unknown>): Record<string, unknown> {
  files['snapshots/images.yml'] = {
    os_migrate_version: '1.0.5',
    resources: [{
      type: 'openstack.image.Image',
      params: { name: 'cirros-0.6.2', disk_format: 'qcow2', container_format: 'bare', min_disk: 1, min_ram: 64, visibility: 'private', is_protected: false, properties: { os_distro: 'cirros' }, kernel_ref: null, ramdisk_ref: null },
      _info: { id: '00000000-0000-4000-8000-0000000000c1' },
    }],
  };
  return files;
}

async function images(h: Harness, cloud: 'source' | 'destination', name: string): Promise<Image[]> {
  const client = cloud === 'source' ? h.clients.source : h.clients.destination;
  return (await client.request<{ images: Image[] }>({ service: 'image', method: 'GET', path: '/images', query: { name } })).body.images;
}

describe('image data: streamed source Glance → destination Glance, verified', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('copies the bytes with the same MD5 checksum, SHA-512 hash and size, and records ImageDataCopied', async () => {
    const [source] = await images(h, 'source', 'cirros-0.6.2');
    assert.ok(source?.checksum, 'the simulator seeds the source image with data');
    const outcome = await reconcilePass(h.deps, { commit: 'i1', reader: await h.writeRepo(withImage(repoFiles())), reason: 'commit' });
    assert.equal(outcome.result, 'applied');
    const copies = await images(h, 'destination', 'cirros-0.6.2');
    assert.equal(copies.length, 1);
    const copy = copies[0] as Image;
    assert.equal(copy.status, 'active');
    assert.equal(copy[IMAGE_MARKER_PROPERTY], 'true');
    assert.equal(copy.os_distro, 'cirros');
    assert.deepEqual([copy.checksum, copy.os_hash_value, copy.size], [source.checksum, source.os_hash_value, source.size]);
    const copied = (await h.events()).find((e) => e.type === 'ImageDataCopied');
    assert.equal(copied?.stream, 'resource:image/cirros-0.6.2');
    assert.equal(copied?.data.bytes, source.size);
    assert.equal(copied?.data.checksum, source.checksum);
  });

  it('an image record left without data by a crash is filled, not duplicated', async () => {
    const [copy] = await images(h, 'destination', 'cirros-0.6.2');
    await h.clients.destination.request({ service: 'image', method: 'DELETE', path: `/images/${copy?.id}` });
    // The interrupted attempt: the record exists with the marker, the upload never happened.
    await h.clients.destination.request({ service: 'image', method: 'POST', path: '/images', body: { name: 'cirros-0.6.2', disk_format: 'qcow2', container_format: 'bare', min_disk: 1, min_ram: 64, visibility: 'private', os_distro: 'cirros', [IMAGE_MARKER_PROPERTY]: 'true' }, expect: [201] });
    const outcome = await reconcilePass(h.deps, { commit: 'i1', reader: await h.writeRepo(withImage(repoFiles())), reason: 'resume' });
    assert.equal(outcome.result, 'applied');
    assert.equal(outcome.changes, 1);
    const after = await images(h, 'destination', 'cirros-0.6.2');
    assert.equal(after.length, 1);
    const [source] = await images(h, 'source', 'cirros-0.6.2');
    assert.equal(after[0]?.checksum, source?.checksum);
    h.agent.reset();
    assert.equal((await reconcilePass(h.deps, { commit: 'i1', reader: await h.writeRepo(withImage(repoFiles())), reason: 'drift' })).result, 'unchanged');
    assert.deepEqual(h.agent.writes, []);
  });

  it('refuses a copy whose bytes do not hash to what the source published', async () => {
    const [source] = await images(h, 'source', 'cirros-0.6.2');
    const target = (await h.clients.destination.request<Image>({ service: 'image', method: 'POST', path: '/images', body: { name: 'verify-me', disk_format: 'qcow2', container_format: 'bare' }, expect: [201] })).body;
    await assert.rejects(
      copyImageData(h.clients.source, h.clients.destination, { name: 'verify-me', sourceId: String(source?.id), destinationId: target.id, expected: { checksum: '0'.repeat(32), os_hash_value: source?.os_hash_value ?? null, size: source?.size ?? null } }),
      (err: unknown) => isStackshiftError(err) && err.code === codes.STEP_FAILED && /destination checksum/.test(err.message),
    );
  });

  it('computes locally the hashes a source does not publish, and checks the destination against them', async () => {
    const [source] = await images(h, 'source', 'cirros-0.6.2');
    const target = (await h.clients.destination.request<Image>({ service: 'image', method: 'POST', path: '/images', body: { name: 'no-hashes', disk_format: 'qcow2', container_format: 'bare' }, expect: [201] })).body;
    let bytes = 0;
    const copied = await copyImageData(h.clients.source, h.clients.destination, { name: 'no-hashes', sourceId: String(source?.id), destinationId: target.id, expected: {}, onBytes: (n) => (bytes += n) });
    assert.deepEqual([copied.checksum, copied.os_hash_value, copied.size], [source?.checksum, source?.os_hash_value, source?.size]);
    assert.equal(bytes, source?.size);
  });

  it('a throttle paces the stream: a budget of 8 Mbit/s lets 2 MiB through in about two seconds, bytes intact', async () => {
    const [source] = await images(h, 'source', 'cirros-0.6.2');
    const target = (await h.clients.destination.request<Image>({ service: 'image', method: 'POST', path: '/images', body: { name: 'throttled', disk_format: 'qcow2', container_format: 'bare' }, expect: [201] })).body;
    const { bandwidthBudget } = await import('../../src/workflows/bandwidth.js');
    const { systemClock } = await import('../../src/wiring.js');
    const budget = bandwidthBudget(systemClock, 8);
    const started = Date.now();
    const copied = await copyImageData(h.clients.source, h.clients.destination, { name: 'throttled', sourceId: String(source?.id), destinationId: target.id, expected: source ?? {}, throttle: (n) => budget.take(n) });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(copied.size, source?.size);
    // 1 s of tokens to start with, then 1 MB/s: (size − 1 MB) / 1 MB/s, give or take scheduling.
    const expected = (Number(source?.size) - 1_000_000) / 1_000_000;
    assert.ok(seconds >= expected * 0.8, `took ${seconds.toFixed(2)} s, at least ~${expected.toFixed(2)} s expected`);
  });

  it('a stop while image data moves interrupts the copy at once (StepStopped); the next pass copies it again', async () => {
    const [copy] = await images(h, 'destination', 'cirros-0.6.2');
    if (copy) await h.clients.destination.request({ service: 'image', method: 'DELETE', path: `/images/${copy.id}` });
    // The source answers the download only after 3 s: the stop must not wait for it.
    const slow = h.sim.cloud('source').faults.inject({ service: 'glance', method: 'GET', route: '/v2/images/{id}/file', latencyMs: 3_000, times: 1 });
    const controller = new AbortController();
    const store = h.store;
    const position = (await h.events()).length;
    const watcher = setInterval(() => {
      h.events().then((events) => {
        if (events.slice(position).some((e) => e.type === 'StepStarted' && e.stream === 'resource:image/cirros-0.6.2')) controller.abort();
      }, () => undefined);
    }, 20);
    const t0 = Date.now();
    try {
      const outcome = await reconcilePass({ ...h.deps, store, signal: controller.signal }, { commit: 'i9', reader: await h.writeRepo(withImage(repoFiles())), reason: 'commit' });
      assert.equal(outcome.result, 'stopped');
    } finally {
      clearInterval(watcher);
      slow.remove();
    }
    assert.ok(Date.now() - t0 < 2_500, `stopped in ${Date.now() - t0} ms, before the slow download answered`);
    await new Promise((r) => setTimeout(r, 3_000)); // let the held download end before the simulator closes
    const stopped = (await h.events()).slice(position).find((e) => e.type === 'StepStopped');
    assert.equal(stopped?.stream, 'resource:image/cirros-0.6.2');
    assert.equal((await reconcilePass(h.deps, { commit: 'i9', reader: await h.writeRepo(withImage(repoFiles())), reason: 'resume' })).result, 'applied');
    const [again] = await images(h, 'destination', 'cirros-0.6.2');
    const [source] = await images(h, 'source', 'cirros-0.6.2');
    assert.deepEqual([again?.status, again?.checksum], ['active', source?.checksum]);
  });
});

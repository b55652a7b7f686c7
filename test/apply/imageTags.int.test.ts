/** Image tags survive: export writes them (OS-Migrate 1.0.5 drops them), apply sets and converges them. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { exportSnapshots } from '../../src/export/exporter.js';
import { reconcilePass } from '../../src/reconcile/pass.js';
import { tempDir } from '../fixtures/tempDir.js';
import { repoFiles } from './desiredRepo.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

type Image = { id: string; name: string; tags: string[] };
const imagesNamed = async (cloud: 'source' | 'destination', name: string) => (await h.clients[cloud].request<{ images: Image[] }>({ service: 'image', method: 'GET', path: '/images', query: { name } })).body.images;

test('export writes an image\'s tags, apply creates them, a second pass changes nothing, new tags are set in place', async () => {
  const [source] = await imagesNamed('source', 'cirros-0.6.2');
  for (const tag of ['cmp', 'base']) await h.clients.source.request({ service: 'image', method: 'PUT', path: `/images/${source!.id}/tags/${tag}`, expect: [204] });
  const out = await tempDir('ss-export-tags-');
  await exportSnapshots(h.clients.source, { out, kinds: ['image'] });
  const exported = (parse(await readFile(join(out, 'snapshots', 'images.yml'), 'utf8')) as { resources: Array<{ params: { name: string; tags?: string[] } }> }).resources;
  const cirros = exported.find((r) => r.params.name === 'cirros-0.6.2')!;
  assert.deepEqual(cirros.params.tags, ['base', 'cmp']);

  const files = { ...repoFiles(), 'snapshots/images.yml': { os_migrate_version: '1.0.5', resources: [cirros] } };
  assert.equal((await reconcilePass(h.deps, { commit: 't1', reader: await h.writeRepo(files), reason: 'commit' })).result, 'applied');
  const [copy] = await imagesNamed('destination', 'cirros-0.6.2');
  assert.deepEqual([...copy!.tags].sort(), ['base', 'cmp']);
  assert.equal((await reconcilePass(h.deps, { commit: 't1', reader: await h.writeRepo(files), reason: 'drift' })).result, 'unchanged');

  cirros.params.tags = ['cmp', 'golden'];
  assert.equal((await reconcilePass(h.deps, { commit: 't2', reader: await h.writeRepo(files), reason: 'commit' })).result, 'applied');
  const [updated] = await imagesNamed('destination', 'cirros-0.6.2');
  assert.deepEqual([updated!.id, [...updated!.tags].sort()], [copy!.id, ['cmp', 'golden']], 'the same image, its tags replaced');
});

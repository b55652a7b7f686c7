/** Cinder v3: versions, types, volumes, snapshots, attachments, pagination, microversions, errors. */
import type { Probe } from '../probe.js';
import { quietly } from '../probe.js';

const err = (code: string) => ({ values: [`${code}.code`] });

export async function volume(p: Probe): Promise<void> {
  const cleanup: (() => Promise<unknown>)[] = [];
  const available = (id: string) => p.waitFor('member', 'volumev3', `/volumes/${id}`, (b) => b.volume.status, ['available']);
  try {
    await p.call('versions', 'member', 'volumev3', 'GET', '/', { fromRoot: true });
    await p.call('types', 'member', 'volumev3', 'GET', '/types');
    await p.call('microversion-too-high', 'member', 'volumev3', 'GET', '/volumes', { headers: { 'openstack-api-version': 'volume 3.999' } });
    const created = await p.call('volume-create', 'member', 'volumev3', 'POST', '/volumes',
      { body: { volume: { size: 1, name: 'conf-vol', description: 'conformance', metadata: { conf: 'x' } } }, dynamic: ['volume.metadata'] });
    const id = (created.body as any).volume.id as string;
    cleanup.push(async () => { await available(id).catch(() => undefined); await p.raw('member', 'volumev3', 'DELETE', `/volumes/${id}`); });
    const spare = await p.raw('member', 'volumev3', 'POST', '/volumes', { body: { volume: { size: 1, name: 'conf-vol-2' } } });
    const spareId = (spare.body as any).volume.id as string;
    cleanup.push(async () => { await available(spareId).catch(() => undefined); await p.raw('member', 'volumev3', 'DELETE', `/volumes/${spareId}`); });
    p.record('volume-available', await available(id), { dynamic: ['volume.metadata'], values: ['volume.status', 'volume.size'] });
    await available(spareId);
    await p.call('volumes-detail-page', 'member', 'volumev3', 'GET', '/volumes/detail?limit=1', { dynamic: ['volumes[].metadata'] });
    await p.call('volume-show-3.60', 'member', 'volumev3', 'GET', `/volumes/${id}`,
      { headers: { 'openstack-api-version': 'volume 3.60' }, dynamic: ['volume.metadata'] });
    const snap = await p.call('snapshot-create', 'member', 'volumev3', 'POST', '/snapshots',
      { body: { snapshot: { volume_id: id, name: 'conf-snap' } }, dynamic: ['snapshot.metadata'] });
    const snapId = (snap.body as any).snapshot.id as string;
    cleanup.unshift(async () => {
      await p.raw('member', 'volumev3', 'DELETE', `/snapshots/${snapId}`);
      await p.waitFor('member', 'volumev3', `/snapshots/${snapId}`, (b) => b.snapshot.status, ['HTTP 404']).catch(() => undefined);
    });
    p.record('snapshot-available', await p.waitFor('member', 'volumev3', `/snapshots/${snapId}`, (b) => b.snapshot.status, ['available']),
      { dynamic: ['snapshot.metadata'], values: ['snapshot.status'] });
    await p.call('snapshots-detail', 'member', 'volumev3', 'GET', '/snapshots/detail', { dynamic: ['snapshots[].metadata'] });
    await p.call('volume-delete-with-snapshot', 'member', 'volumev3', 'DELETE', `/volumes/${id}`, err('badRequest'));
    await p.call('attachments-3.27', 'member', 'volumev3', 'GET', '/attachments', { headers: { 'openstack-api-version': 'volume 3.27' } });
    await p.call('volume-not-found', 'member', 'volumev3', 'GET', '/volumes/00000000-0000-4000-8000-000000000000', err('itemNotFound'));
    await p.call('volume-create-bad', 'member', 'volumev3', 'POST', '/volumes', { body: { volume: { size: 'big' } }, ...err('badRequest') });
    await p.call('limits', 'member', 'volumev3', 'GET', '/limits');
    await p.call('snapshot-delete', 'member', 'volumev3', 'DELETE', `/snapshots/${snapId}`);
  } finally {
    for (const step of cleanup) await quietly(step());
  }
}

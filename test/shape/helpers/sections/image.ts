/** Glance v2: version list, create, data upload and download, checksums, patch, pagination, errors. */
import { createHash } from 'node:crypto';
import type { Probe } from '../probe.js';
import { quietly } from '../probe.js';

const data = new Uint8Array(4096).map((_, i) => (i * 7) % 251);

export async function image(p: Probe): Promise<void> {
  const ids: string[] = [];
  try {
    await p.call('versions', 'member', 'image', 'GET', '/', { fromRoot: true });
    const created = await p.call('image-create', 'member', 'image', 'POST', '/v2/images', {
      body: { name: 'conf-image', disk_format: 'raw', container_format: 'bare', visibility: 'private', conf_marker: 'x' },
      expectHeaders: ['location'], values: ['status', 'visibility'],
    });
    const id = (created.body as any).id as string;
    ids.push(id);
    const spare = await p.raw('member', 'image', 'POST', '/v2/images', { body: { name: 'conf-image-2', disk_format: 'raw', container_format: 'bare' } });
    ids.push((spare.body as any).id);
    await p.call('image-download-queued', 'member', 'image', 'GET', `/v2/images/${id}/file`);
    await p.call('image-upload', 'member', 'image', 'PUT', `/v2/images/${id}/file`, { data });
    const shown = await p.waitFor('member', 'image', `/v2/images/${id}`, (b) => b.status, ['active']);
    p.record('image-show-active', shown, { values: ['status', 'size', 'checksum', 'os_hash_algo', 'os_hash_value', 'conf_marker'] });
    const download = await p.call('image-download', 'member', 'image', 'GET', `/v2/images/${id}/file`, { binary: true, expectHeaders: ['content-md5'] });
    const md5 = createHash('md5').update(data).digest('hex');
    if (download.bytes && createHash('md5').update(download.bytes).digest('hex') !== md5) {
      throw new Error('the downloaded image data differs from the uploaded data');
    }
    await p.call('image-upload-again', 'member', 'image', 'PUT', `/v2/images/${id}/file`, { data });
    await p.call('image-patch', 'member', 'image', 'PATCH', `/v2/images/${id}`, {
      body: [{ op: 'add', path: '/conf_extra', value: 'y' }, { op: 'replace', path: '/name', value: 'conf-image-renamed' }],
      headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
      values: ['name', 'conf_extra'],
    });
    // Which image comes first depends on what else the project holds: 'stores' exists only on active ones.
    // Listed images carry whatever properties their owners set: extra keys there are data.
    const own = { ignore: ['images[].conf_marker', 'images[].conf_extra', 'images[].stores'], openObjects: ['images[]'] };
    await p.call('images-page', 'member', 'image', 'GET', '/v2/images?limit=1', own);
    await p.call('images-by-name', 'member', 'image', 'GET', '/v2/images?name=conf-image-renamed', own);
    await p.call('image-not-found', 'member', 'image', 'GET', '/v2/images/00000000-0000-4000-8000-000000000000');
    await p.call('image-bad-request', 'member', 'image', 'POST', '/v2/images', { body: { disk_format: 'nonsense' } });
    await p.call('image-delete', 'member', 'image', 'DELETE', `/v2/images/${id}`);
    ids.shift();
  } finally {
    for (const id of ids) await quietly(p.raw('member', 'image', 'DELETE', `/v2/images/${id}`));
  }
}

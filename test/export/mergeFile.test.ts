import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { paramsDigest } from '../../src/export/digest.js';
import { networks } from '../../src/export/kinds/network.js';
import { mergeFile } from '../../src/export/mergeFile.js';
import { readSnapshot, renderSnapshot } from '../../src/export/snapshotYaml.js';
import type { SnapshotResource } from '../../src/export/types.js';
import { StackshiftError } from '../../src/errors.js';
import { tempDir } from '../fixtures/tempDir.js';

const net = (id: string, name: string, description = ''): SnapshotResource => ({ type: 'openstack.network.Network', params: { name, description }, _info: { id } });
const merge = (existing: SnapshotResource[] | undefined, fresh: SnapshotResource[], digests: Record<string, string>, force = false, inScope = () => true) =>
  mergeFile({ exporter: networks, existing, fresh, digests, inScope, force });

describe('mergeFile', () => {
  it('adds, updates, removes and sorts by name', () => {
    const a = net('1', 'b-net');
    const digests = { '1': paramsDigest(a.params), '2': paramsDigest(net('2', 'gone').params) };
    const r = merge([a, net('2', 'gone')], [net('1', 'b-net', 'new text'), net('3', 'a-net')], digests);
    assert.deepEqual(r.resources.map((x) => x.params.name), ['a-net', 'b-net']);
    assert.deepEqual([r.added, r.updated, r.removed, r.keptEdits.length], [1, 1, 1, 0]);
    assert.deepEqual(Object.keys(r.digests).sort(), ['1', '3']);
  });

  it('keeps hand edits and hand-written resources, and reports the edits', () => {
    const exported = net('1', 'web', 'from cloud');
    const digests = { '1': paramsDigest(exported.params), '2': paramsDigest(net('2', 'old').params) };
    const edited = net('1', 'web', 'edited by hand');
    const handWritten: SnapshotResource = { type: 'openstack.network.Network', params: { name: 'manual' }, _info: {} };
    const editedThenGone = net('2', 'old', 'also edited');
    const r = merge([edited, handWritten, editedThenGone], [exported], digests);
    assert.deepEqual(r.resources.map((x) => x.params.description ?? '-'), ['-', 'also edited', 'edited by hand']);
    assert.deepEqual(r.keptEdits, ['network web (1)', 'network old (2), gone from the source']);
    assert.equal(r.digests['1'], digests['1'], 'still known as edited next time');
    const forced = merge([edited, handWritten, editedThenGone], [exported], digests, true);
    assert.deepEqual(forced.resources.map((x) => x.params.description ?? '-'), ['-', 'from cloud']);
    assert.deepEqual(forced.keptEdits, []);
  });

  it('treats a differing resource of unknown origin (an OS-Migrate file) as edited', () => {
    const r = merge([net('1', 'web', 'os-migrate wrote this')], [net('1', 'web', 'cloud now')], {});
    assert.equal(r.keptEdits.length, 1);
    const same = merge([net('1', 'web', 'x')], [net('1', 'web', 'x')], {});
    assert.deepEqual([same.unchanged, same.keptEdits.length], [1, 0]);
  });

  it('leaves resources outside the name filter untouched', () => {
    const r = merge([net('1', 'db-net')], [], {}, false, () => false);
    assert.deepEqual([r.resources.length, r.removed], [1, 0]);
  });
});

describe('snapshot files', () => {
  it('round-trip strings YAML 1.1 would misread', async () => {
    const tricky = ['yes', 'on', 'off', 'y', 'n', 'null', '~', '12:30', '0777', '1e3', '2026-09-14', '', ' lead', 'a: b', '#x', "it's", 'multi\nline', '%auth%', 'fa:16:3e:a2:e3:a9'];
    const text = renderSnapshot([{ type: 'openstack.network.Network', params: { name: 'x', tags: tricky }, _info: { id: '1', created_at: '2026-09-14T08:12:31Z' } }]);
    for (const word of ['yes', 'on', 'off', 'y', 'n', '12:30']) assert.ok(text.includes(`- '${word}'`), `${word} quoted`);
    const dir = await tempDir('ss-snap-');
    await writeFile(join(dir, 'networks.yml'), text);
    const [back] = (await readSnapshot(join(dir, 'networks.yml'), false))!;
    assert.deepEqual(back!.params.tags, tricky);
    assert.equal(back!._info.created_at, '2026-09-14T08:12:31Z');
  });

  it('refuses to overwrite an unreadable file unless forced', async () => {
    const dir = await tempDir('ss-snap-');
    const path = join(dir, 'networks.yml');
    await writeFile(path, 'os_migrate_version: 1.0.5\nresources:\n- type: [unclosed\n');
    const err = await readSnapshot(path, false).catch((e: unknown) => e);
    assert.ok(err instanceof StackshiftError);
    assert.equal(err.code, 'E_EXPORT_CONFLICT');
    assert.match(err.message, new RegExp(`^${path}:\\d+: not valid YAML .*export will not overwrite it$`));
    assert.equal(await readSnapshot(path, true), undefined);
  });
});

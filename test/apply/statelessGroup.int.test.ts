/**
 * A stateless security group stays stateless: export writes `stateful: false` (OS-Migrate 1.0.5
 * drops it), apply creates the group that way, and a changed flag is updated in place.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

type Group = { id: string; name: string; stateful: boolean };
const group = async (name: string) => (await h.clients.destination.request<{ security_groups: Group[] }>({ service: 'network', method: 'GET', path: '/security-groups', query: { name } })).body.security_groups[0];

test('export keeps a stateless group stateless', async () => {
  await h.clients.source.request({ service: 'network', method: 'POST', path: '/security-groups', body: { security_group: { name: 'udp-fast', description: 'no conntrack', stateful: false } } });
  const out = await tempDir('ss-export-stateless-');
  await exportSnapshots(h.clients.source, { out, kinds: ['security_group'] });
  const groups = (parse(await readFile(join(out, 'snapshots', 'security_groups.yml'), 'utf8')) as { resources: Array<{ params: Record<string, unknown> }> }).resources;
  assert.deepEqual(groups.find((g) => g.params.name === 'udp-fast')?.params, { description: 'no conntrack', name: 'udp-fast', stateful: false });
  assert.equal(groups.find((g) => g.params.name !== 'udp-fast')?.params.stateful, undefined, 'stateful groups are written as before');
});

test('apply creates it stateless, a second pass changes nothing, and a flipped flag is updated in place', async () => {
  const files = repoFiles();
  const groups = files['snapshots/security_groups.yml'] as { resources: Array<{ params: Record<string, unknown> }> };
  groups.resources[0]!.params.stateful = false;
  assert.equal((await reconcilePass(h.deps, { commit: 'g1', reader: await h.writeRepo(files), reason: 'commit' })).result, 'applied');
  const created = await group('t-sg');
  assert.equal(created?.stateful, false);
  assert.equal((await reconcilePass(h.deps, { commit: 'g1', reader: await h.writeRepo(files), reason: 'drift' })).result, 'unchanged');
  groups.resources[0]!.params.stateful = true;
  assert.equal((await reconcilePass(h.deps, { commit: 'g2', reader: await h.writeRepo(files), reason: 'commit' })).result, 'applied');
  const updated = await group('t-sg');
  assert.deepEqual([updated?.id, updated?.stateful], [created?.id, true], 'the same group, updated in place');
});

test('a rule written with 0.0.0.0/0 is created with 0.0.0.0/0 (matched as "anywhere" either way)', async () => {
  const files = repoFiles();
  const rules = files['snapshots/security_group_rules.yml'] as { resources: Array<{ params: Record<string, unknown>; _info?: Record<string, unknown> }> };
  rules.resources.push({ ...rules.resources[0]!, params: { ...rules.resources[0]!.params, port_range_min: 443, port_range_max: 443, remote_ip_prefix: '0.0.0.0/0', description: 'https' }, _info: { id: '00000000-0000-4000-8000-000000000443' } });
  assert.equal((await reconcilePass(h.deps, { commit: 'r1', reader: await h.writeRepo(files), reason: 'commit' })).result, 'applied');
  const all = (await h.clients.destination.request<{ security_group_rules: Array<{ port_range_min: number | null; remote_ip_prefix: string | null }> }>({ service: 'network', method: 'GET', path: '/security-group-rules' })).body.security_group_rules;
  assert.equal(all.find((r) => r.port_range_min === 443)?.remote_ip_prefix, '0.0.0.0/0');
  assert.equal((await reconcilePass(h.deps, { commit: 'r1', reader: await h.writeRepo(files), reason: 'drift' })).result, 'unchanged');
});

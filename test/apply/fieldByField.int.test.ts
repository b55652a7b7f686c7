/**
 * Zero losses, field by field: every infrastructure kind is made in the simulated source with
 * the details a tenant uses (a stateless group, IPv6 and remote-group rules, 0.0.0.0/0 rules, host
 * routes, pools, a DHCPv6-stateful subnet, static routes, a gateway without SNAT, an interface
 * through a named port, image tags and properties, a flavor with extra specs, a key ending in a
 * newline), exported, applied into the simulated destination, and then
 *  1. the destination re-exported gives the same params as the source's export, and
 *  2. every field the APIs return is the same in both clouds (IDs compared by the name of what
 *     they point at), except the fields listed in NOT_KEPT, each with the reason.
 * test/conformance/fieldByField-live.alone.test.ts runs the same comparison against the real cloud.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { readFile } from 'node:fs/promises';
import { loadCloudConfig } from '../../src/executors/openstack/cloudConfig.js';
import { createOpenStackClient, type OpenStackClient } from '../../src/executors/openstack/client.js';
import { exportSnapshots } from '../../src/export/exporter.js';
import { reconcilePass } from '../../src/reconcile/pass.js';
import { dirReader } from '../../src/source/dirReader.js';
import { tempDir } from '../fixtures/tempDir.js';
import { compareClouds, INFRA_KINDS, NAME_FILTER, seedComparisonTenant, withoutMarkers } from './fieldComparison.js';
import { repoFiles } from './desiredRepo.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let sourceAdmin: OpenStackClient;
before(async () => {
  h = await startHarness();
  sourceAdmin = createOpenStackClient(await loadCloudConfig('src-admin', { env: { OS_CLIENT_CONFIG_FILE: join(h.dir, 'clouds.yaml') } }));
});
after(async () => {
  await sourceAdmin?.close();
  await h?.close();
});

type Snapshot = { resources: Array<{ type: string; params: Record<string, unknown> }> };

async function exportParams(client: OpenStackClient, admin: OpenStackClient, out: string): Promise<Record<string, unknown[]>> {
  await exportSnapshots(client, { out, kinds: INFRA_KINDS, nameFilter: NAME_FILTER, adminClient: admin });
  const files = ['networks', 'subnets', 'routers', 'router_interfaces', 'security_groups', 'security_group_rules', 'images', 'flavors', 'keypairs'];
  const out2: Record<string, unknown[]> = {};
  for (const f of files) {
    const snap = parse(await readFile(join(out, 'snapshots', `${f}.yml`), 'utf8')) as Snapshot;
    out2[f] = snap.resources.map((r) => withoutMarkers(r.params)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out2;
}

test('source → export → apply → destination: every field the API returns is kept, except those NOT_KEPT explains', async () => {
  await seedComparisonTenant({ member: h.clients.source, admin: sourceAdmin });
  const repo = await tempDir('ss-compare-repo-');
  const sourceParams = await exportParams(h.clients.source, sourceAdmin, repo);
  await writeFile(join(repo, 'stackshift.yaml'), stringify(repoFiles()['stackshift.yaml']));
  const first = await reconcilePass(h.deps, { commit: 'cmp1', reader: await dirReader(repo), reason: 'commit' });
  assert.equal(first.result, 'applied');
  assert.equal(first.pending, 0, 'nothing blocked');
  assert.equal((await reconcilePass(h.deps, { commit: 'cmp1', reader: await dirReader(repo), reason: 'drift' })).result, 'unchanged', 'a second pass changes nothing');

  const again = await tempDir('ss-compare-reexport-');
  const destinationParams = await exportParams(h.clients.destination, h.clients.destinationAdmin, again);
  // The one param the destination cannot have as the source does: see NOT_KEPT router.
  for (const r of [...sourceParams.routers!, ...destinationParams.routers!] as Array<{ external_gateway_refinfo?: { external_fixed_ips?: unknown } }>) {
    if (r.external_gateway_refinfo) delete r.external_gateway_refinfo.external_fixed_ips;
  }
  for (const f of Object.keys(sourceParams)) assert.deepEqual(destinationParams[f], sourceParams[f], `${f}: the re-exported destination has the source's params`);

  const source = { member: h.clients.source, admin: sourceAdmin };
  const destination = { member: h.clients.destination, admin: h.clients.destinationAdmin };
  const { compared, differences } = await compareClouds(source, destination);
  assert.deepEqual(differences, [], 'every difference is a field NOT_KEPT lists');
  const perKind = new Map<string, number>();
  for (const key of compared) perKind.set(key.split('/')[0]!, (perKind.get(key.split('/')[0]!) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(perKind), { network: 3, subnet: 3, router: 1, port: 3, security_group: 2, security_group_rule: 9, image: 1, flavor: 1, keypair: 1 });

  // The comparison itself sees a loss: a renamed interface port is one difference.
  const port = (await h.clients.destination.request<{ ports: { id: string; name: string }[] }>({ service: 'network', method: 'GET', path: '/ports', query: { name: 'cmp-rtrport-07' } })).body.ports[0]!;
  await h.clients.destination.request({ service: 'network', method: 'PUT', path: `/ports/${port.id}`, body: { port: { name: '' } } });
  assert.deepEqual((await compareClouds(source, destination)).differences, ['port/router:cmp-router/subnet:cmp-subnet-b: name: source "cmp-rtrport-07", destination ""']);
});

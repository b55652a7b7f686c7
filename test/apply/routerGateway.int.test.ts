/**
 * A router keeps its gateway's address and SNAT flag where the destination allows, and says in
 * the plan when it cannot; an interface added through a named port keeps the port's name.
 * Source and destination are separate simulated clouds: the source's public subnet is
 * 172.24.4.0/24, the destination's 172.25.4.0/24.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { loadDesiredState } from '../../src/desired/load.js';
import { exportSnapshots } from '../../src/export/exporter.js';
import { loadCloudConfig } from '../../src/executors/openstack/cloudConfig.js';
import { createOpenStackClient, type OpenStackClient } from '../../src/executors/openstack/client.js';
import { reconcilePass } from '../../src/reconcile/pass.js';
import { planCommit } from '../../src/reconcile/planCommit.js';
import { tempDir } from '../fixtures/tempDir.js';
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

type Gateway = { network_id: string; enable_snat: boolean; external_fixed_ips: { ip_address: string }[] };
type Router = { id: string; name: string; external_gateway_info: Gateway | null };
type Port = { id: string; name: string; device_owner: string; fixed_ips: { ip_address: string }[] };
type Snapshot = { resources: Array<{ type: string; params: Record<string, unknown>; _info: Record<string, unknown> }> };

const net = <T>(client: OpenStackClient, method: string, path: string, body?: unknown) =>
  client.request<T>({ service: 'network', method, path, ...(body ? { body } : {}) }).then((r) => r.body);

async function routerIn(client: OpenStackClient, name: string): Promise<Router> {
  return (await net<{ routers: Router[] }>(client, 'GET', `/routers?name=${name}`)).routers[0]!;
}

/** The source: a router whose gateway holds .111 without SNAT, and an interface through the named port cmp-rtrport-07. */
async function seedSource(): Promise<void> {
  const src = h.clients.source;
  const publicId = (await net<{ networks: { id: string }[] }>(src, 'GET', '/networks?name=public')).networks[0]!.id;
  const router = (await net<{ router: Router }>(src, 'POST', '/routers', { router: { name: 'cmp-router', external_gateway_info: { network_id: publicId } } })).router;
  // Only an admin may choose the gateway's address or SNAT (Neutron's policy), as the real cloud's seed does.
  await assert.rejects(net(src, 'PUT', `/routers/${router.id}`, { router: { external_gateway_info: { network_id: publicId, enable_snat: false } } }), /disallowed by policy/);
  await net(sourceAdmin, 'PUT', `/routers/${router.id}`, { router: { external_gateway_info: { network_id: publicId, enable_snat: false, external_fixed_ips: [{ ip_address: '172.24.4.111' }] } } });
  const network = (await net<{ network: { id: string } }>(src, 'POST', '/networks', { network: { name: 'cmp-net' } })).network;
  const subnet = (await net<{ subnet: { id: string } }>(src, 'POST', '/subnets', { subnet: { name: 'cmp-subnet', network_id: network.id, cidr: '10.88.0.0/24', ip_version: 4 } })).subnet;
  const port = (await net<{ port: Port }>(src, 'POST', '/ports', { port: { name: 'cmp-rtrport-07', network_id: network.id, fixed_ips: [{ subnet_id: subnet.id, ip_address: '10.88.0.7' }] } })).port;
  await net(src, 'PUT', `/routers/${router.id}/add_router_interface`, { port_id: port.id });
}

let exported: Record<string, Snapshot>;

test('export writes the gateway\'s address and SNAT flag, and the interface port\'s name, in params', async () => {
  await seedSource();
  const out = await tempDir('ss-export-gateway-');
  await exportSnapshots(h.clients.source, { out, kinds: ['network', 'subnet', 'router', 'router_interface'], nameFilter: /^cmp-/ });
  exported = {};
  for (const f of ['networks', 'subnets', 'routers', 'router_interfaces']) exported[f] = parse(await readFile(join(out, 'snapshots', `${f}.yml`), 'utf8')) as Snapshot;
  const gateway = exported.routers!.resources[0]!.params.external_gateway_refinfo as Record<string, unknown>;
  assert.deepEqual({ snat: gateway.enable_snat, ips: gateway.external_fixed_ips }, { snat: false, ips: [{ ip_address: '172.24.4.111' }] });
  assert.equal(exported.router_interfaces!.resources[0]!.params.name, 'cmp-rtrport-07');
  const reader = await h.writeRepo(filesWith(exported));
  const { problems } = await loadDesiredState(reader);
  assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.message}`), [], 'the export validates');
});

/** The apply test repository with the exported router, network, subnet and interface added. */
function filesWith(snapshots: Record<string, Snapshot>): Record<string, unknown> {
  const files = repoFiles({ router: false });
  for (const [name, snap] of Object.entries(snapshots)) {
    const path = `snapshots/${name}.yml`;
    const base = files[path] as Snapshot | undefined;
    files[path] = { os_migrate_version: '1.0.5', resources: [...(base?.resources ?? []), ...snap.resources] };
  }
  return files;
}

async function plan(files: Record<string, unknown>, commit: string, withAdmin = true) {
  const reader = await h.writeRepo(files);
  const { state } = await loadDesiredState(reader);
  const clients = withAdmin ? h.clients : { source: h.clients.source, destination: h.clients.destination };
  return (await planCommit(clients, h.store, state, commit)).plan;
}

test('an address outside the destination\'s external subnet: the plan says so, SNAT off is kept, the port keeps its name', async () => {
  const files = filesWith(exported);
  const first = await plan(files, 'g1');
  assert.deepEqual(first.notes?.map((n) => `${n.kind}/${n.key}: ${n.note}`), [
    "router/cmp-router: gateway address 172.24.4.111 cannot be kept (172.24.4.111 is in none of the destination's external subnets (172.25.4.0/24)); Neutron picks the address",
  ]);
  assert.match(first.notes![0]!.file ?? '', /routers\.yml$/);
  assert.equal((await reconcilePass(h.deps, { commit: 'g1', reader: await h.writeRepo(files), reason: 'commit' })).result, 'applied');
  const router = await routerIn(h.clients.destination, 'cmp-router');
  assert.equal(router.external_gateway_info?.enable_snat, false);
  assert.match(router.external_gateway_info?.external_fixed_ips[0]?.ip_address ?? '', /^172\.25\.4\./);
  const ports = (await net<{ ports: Port[] }>(h.clients.destination, 'GET', `/ports?device_id=${router.id}`)).ports.filter((p) => p.device_owner === 'network:router_interface');
  assert.deepEqual(ports.map((p) => [p.name, p.fixed_ips[0]?.ip_address]), [['cmp-rtrport-07', '10.88.0.7']]);
  assert.equal((await reconcilePass(h.deps, { commit: 'g1', reader: await h.writeRepo(files), reason: 'drift' })).result, 'unchanged');
});

test('an address the destination\'s external subnet has free is set in place; a renamed port is renamed in place', async () => {
  const edited = structuredClone(exported);
  (edited.routers!.resources[0]!.params.external_gateway_refinfo as Record<string, unknown>).external_fixed_ips = [{ ip_address: '172.25.4.111' }];
  edited.router_interfaces!.resources[0]!.params.name = 'cmp-rtrport-08';
  const files = filesWith(edited);
  const before = await routerIn(h.clients.destination, 'cmp-router');
  const planned = await plan(files, 'g2');
  assert.deepEqual(planned.notes, []);
  assert.deepEqual(planned.changes.map((c) => `${c.action} ${c.kind}/${c.key} ${c.fields.map((f) => f.field).join(',')}`).sort(), [
    'update router/cmp-router external_fixed_ips',
    'update router_interface/cmp-router/cmp-subnet port_name',
  ]);
  assert.equal((await reconcilePass(h.deps, { commit: 'g2', reader: await h.writeRepo(files), reason: 'commit' })).result, 'applied');
  const after = await routerIn(h.clients.destination, 'cmp-router');
  assert.deepEqual([after.id, after.external_gateway_info?.external_fixed_ips.map((f) => f.ip_address), after.external_gateway_info?.enable_snat], [before.id, ['172.25.4.111'], false]);
  const ports = (await net<{ ports: Port[] }>(h.clients.destination, 'GET', `/ports?device_id=${after.id}`)).ports.filter((p) => p.device_owner === 'network:router_interface');
  assert.deepEqual(ports.map((p) => p.name), ['cmp-rtrport-08']);
  assert.equal((await reconcilePass(h.deps, { commit: 'g2', reader: await h.writeRepo(files), reason: 'drift' })).result, 'unchanged');
});

test('the admin reads the external subnets and their taken addresses only when a router keeps its gateway\'s address or SNAT flag', async () => {
  const edited = structuredClone(exported);
  const gateway = edited.routers!.resources[0]!.params.external_gateway_refinfo as Record<string, unknown>;
  edited.router_interfaces!.resources[0]!.params.name = 'cmp-rtrport-08';
  const reads: string[] = [];
  const admin = h.clients.destinationAdmin!;
  const recording: OpenStackClient = { ...admin, request: (spec) => (reads.push(`${spec.method} ${spec.path}`), admin.request(spec)) };
  const offerReads = async (snapshots: Record<string, Snapshot>) => {
    reads.length = 0;
    const { state } = await loadDesiredState(await h.writeRepo(filesWith(snapshots)));
    await planCommit({ ...h.clients, destinationAdmin: recording }, h.store, state, 'g2b');
    return reads.filter((r) => /\/(subnets|ports)$/.test(r)).sort();
  };
  delete gateway.external_fixed_ips;
  delete gateway.enable_snat;
  assert.deepEqual(await offerReads(edited), [], 'no gateway to fit: no offer read');
  gateway.external_fixed_ips = [{ ip_address: '172.25.4.120' }];
  assert.deepEqual(await offerReads(edited), ['GET /ports', 'GET /subnets'], 'an address to keep is checked against the offer');
});

test('without the destination admin, the plan says the address and SNAT off cannot be kept, and nothing is attempted', async () => {
  const edited = structuredClone(exported);
  edited.routers!.resources[0]!.params.name = 'cmp-router-2';
  (edited.routers!.resources[0]!.params.external_gateway_refinfo as Record<string, unknown>).external_fixed_ips = [{ ip_address: '172.25.4.112' }];
  const planned = await plan({ ...filesWith({ routers: edited.routers! }) }, 'g3', false);
  assert.deepEqual(planned.notes?.map((n) => n.note), [
    'gateway address 172.25.4.112 cannot be kept (only an admin may choose them: set destination.adminCloud in stackshift.yaml); Neutron picks the address',
    'SNAT off cannot be kept (only an admin may set it: set destination.adminCloud in stackshift.yaml); Neutron turns SNAT on',
  ]);
  const create = planned.steps.find((s) => s.id === 'create:router/cmp-router-2');
  assert.deepEqual([create?.spec?.external_fixed_ips, create?.spec?.enable_snat], [undefined, undefined], 'the step leaves both to Neutron');
});

test('an address another port holds in the destination\'s external network: the plan says it is taken', async () => {
  const edited = structuredClone(exported);
  edited.routers!.resources[0]!.params.name = 'cmp-router-3';
  (edited.routers!.resources[0]!.params.external_gateway_refinfo as Record<string, unknown>).external_fixed_ips = [{ ip_address: '172.25.4.111' }];
  const planned = await plan(filesWith({ routers: edited.routers! }), 'g4');
  assert.deepEqual(planned.notes?.map((n) => n.note), [
    "gateway address 172.25.4.111 cannot be kept (172.25.4.111 is taken in the destination's external network); Neutron picks the address",
  ]);
});

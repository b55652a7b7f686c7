import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { loadDesiredState } from '../../src/desired/load.js';
import { StackshiftError } from '../../src/errors.js';
import { dirReader } from '../../src/source/dirReader.js';
import { exportSnapshots, type ExportOptions } from '../../src/export/exporter.js';
import { createNetwork, deleteNetwork, listNetworks, updateNetwork } from '../../src/executors/openstack/neutron.js';
import { exampleRepoDir } from '../../src/paths.js';

const EXAMPLE_REPO = exampleRepoDir();
import { startHarness, type Harness } from './simHarness.js';
import { tempDir } from '../fixtures/tempDir.js';

let h: Harness;
const logs: string[] = [];

async function freshDir(): Promise<string> {
  return tempDir('ss-export-out-');
}

async function exportTo(out: string, options: Partial<ExportOptions> = {}) {
  const client = await h.client('src', (l) => logs.push(l));
  return { summary: await exportSnapshots(client, { out, ...options }), client };
}

async function readAll(dir: string): Promise<Record<string, string>> {
  const files = (await readdir(join(dir, 'snapshots'))).sort();
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(join(dir, 'snapshots', f), 'utf8')] as const)));
}

/** Whether `have` holds everything `want` does (objects: at least its keys, recursively). */
function contains(have: unknown, want: unknown): boolean {
  if (want === null || typeof want !== 'object' || Array.isArray(want)) return JSON.stringify(have) === JSON.stringify(want);
  if (have === null || typeof have !== 'object' || Array.isArray(have)) return false;
  return Object.entries(want).every(([k, v]) => contains((have as Record<string, unknown>)[k], v));
}

const resources = (text: string) => (parse(text) as { resources: { params: Record<string, unknown>; _info: Record<string, unknown> & { id: string } }[] }).resources;

describe('stackshift export against the simulator', () => {
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
    const passwords = Object.values(h.sim.entries).map((e) => e.auth.password);
    for (const p of passwords) assert.ok(!logs.join('\n').includes(p), 'no password in any log line');
  });

  it('writes every snapshot file, equal to the example repository the source is seeded from, and it validates', async () => {
    const repo = await freshDir();
    for (const f of ['stackshift.yaml', 'workloads.yaml', 'reclaim.yaml']) await copyFile(join(EXAMPLE_REPO, f), join(repo, f));
    const { summary } = await exportTo(repo, { adminClient: await h.client('src-admin') });
    assert.deepEqual(summary.files.map((f) => f.file), ['networks.yml', 'subnets.yml', 'routers.yml', 'router_interfaces.yml', 'security_groups.yml', 'security_group_rules.yml', 'images.yml', 'flavors.yml', 'keypairs.yml', 'detached_volumes.yml', 'workloads.yml']);
    const files = await readAll(repo);
    for (const f of summary.files.map((x) => x.file)) {
      const ours = resources(files[f]!);
      const example = resources(await readFile(join(EXAMPLE_REPO, 'snapshots', f), 'utf8'));
      // The example is in OS-Migrate 1.0.5's shape; stackshift writes more (a router's gateway
      // addresses and SNAT flag): every param the example has must be exported as it is.
      const covers = (r: { params: Record<string, unknown> }, e: { params: Record<string, unknown> }) => contains(r.params, e.params);
      for (const r of example) assert.ok(ours.some((o) => covers(o, r)), `${f}: the example's ${String(r.params.name ?? r._info.id)} is exported with the same params`);
      // Extra: the project's default group and its rules, the egress rules Neutron adds to every
      // group (the example leaves them out), and the conversion host server.
      const neutronDefault = (r: { params: Record<string, unknown> }) => r.params.direction === 'egress' && r.params.protocol === null && r.params.remote_ip_prefix === null;
      const extra = ours.filter((r) => !example.some((e) => covers(r, e)) && !neutronDefault(r));
      for (const r of extra) {
        const owner = String(r.params.name ?? (r.params.security_group_ref as { name?: string } | undefined)?.name);
        assert.ok(['default', 'stackshift-conv-src'].includes(owner), `${f}: unexpected extra resource ${owner}`);
      }
    }
    const hosts = Object.fromEntries(resources(files['workloads.yml']!).map((r) => [r.params.name, r._info.hypervisor_hostname]));
    assert.equal(hosts['web-1'], 'compute-2');
    assert.match(files['networks.yml']!, /^os_migrate_version: 1\.0\.5\nresources:\n- _info:\n/);
    const { problems } = await loadDesiredState(await dirReader(repo));
    assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.message}`), []);
    const passwords = Object.values(h.sim.entries).map((e) => e.auth.password);
    for (const text of Object.values(files)) for (const p of passwords) assert.ok(!text.includes(p));
  });

  it('without an admin cloud, marks shared resources of other projects by owner id', async () => {
    const repo = await freshDir();
    const { summary } = await exportTo(repo, { kinds: ['router'] });
    const [router] = resources((await readAll(repo))['routers.yml']!);
    const ref = (router!.params.external_gateway_refinfo as { network_ref: { name: string; project_name: string; domain_name: null } }).network_ref;
    assert.equal(ref.name, 'public');
    assert.match(ref.project_name, /^[0-9a-f]{32}$/);
    assert.equal(ref.domain_name, null);
    assert.match(summary.warnings.join('\n'), new RegExp(`cannot read the name of project ${ref.project_name} .*pass --admin-cloud`));
  });

  it('re-export of an unchanged cloud changes no byte', async () => {
    const repo = await freshDir();
    await exportTo(repo);
    const first = await readAll(repo);
    const { summary, client } = await exportTo(repo);
    assert.equal(client.stats().authentications, 1, 'one token for the whole export');
    assert.ok(summary.files.every((f) => !f.written && f.added === 0 && f.updated === 0 && f.removed === 0), JSON.stringify(summary.files));
    assert.deepEqual(await readAll(repo), first);
  });

  it('keeps and reports hand edits to params unless --force', async () => {
    const repo = await freshDir();
    await exportTo(repo);
    const path = join(repo, 'snapshots', 'networks.yml');
    const edited = (await readFile(path, 'utf8')).replace('description: Public-facing web tier', 'description: renamed by hand');
    assert.ok(edited.includes('renamed by hand'));
    await writeFile(path, edited);
    const { summary } = await exportTo(repo);
    const report = summary.files.find((f) => f.file === 'networks.yml')!;
    assert.deepEqual(report.keptEdits.map((e) => e.replace(/\(.*\)/, '()')), ['network web-net ()']);
    assert.equal(report.written, false);
    assert.equal(await readFile(path, 'utf8'), edited);
    const forced = await exportTo(repo, { force: true });
    assert.equal(forced.summary.files.find((f) => f.file === 'networks.yml')!.updated, 1);
    assert.ok(!(await readFile(path, 'utf8')).includes('renamed by hand'));
  });

  it('survives 503 bursts, 429 with Retry-After, connection resets and a token expiring mid-export, with identical output', async () => {
    const clean = await freshDir();
    await exportTo(clean);
    const faulty = await freshDir();
    const faults = h.sim.cloud('source').faults;
    const handles = [
      faults.inject({ service: 'neutron', status: 503, times: 4 }),
      faults.inject({ service: 'glance', status: 429, times: 2 }),
      faults.inject({ service: 'nova', reset: true, times: 2 }),
      faults.inject({ service: 'cinder', status: 502, times: 1 }),
    ];
    let expired = false;
    const { summary, client } = await exportTo(faulty, {
      concurrency: 3,
      progress: () => {
        if (expired) return;
        expired = true; // every token the simulator issued so far is now past its lifetime
        h.simClock.advance(h.sim.cloud('source').tokens.lifetimeMs + 1000);
      },
    });
    for (const f of handles) f.remove();
    assert.ok(handles.every((f) => f.hits > 0), `every fault fired: ${handles.map((f) => f.hits).join(',')}`);
    assert.ok(client.stats().retries >= 9, `retried: ${client.stats().retries}`);
    assert.equal(client.stats().authentications, 2, 'one re-authentication after the expiry');
    assert.ok(logs.some((l) => /token rejected, authenticating again/.test(l)));
    assert.ok(summary.files.length === 11);
    assert.deepEqual(await readAll(faulty), await readAll(clean));
  });

  it('limits to --types and --name-filter, leaving other files and resources alone', async () => {
    const repo = await freshDir();
    const { summary } = await exportTo(repo, { kinds: ['network', 'security_group_rule'], nameFilter: /^web/ });
    assert.deepEqual(summary.files.map((f) => f.file), ['networks.yml', 'security_group_rules.yml']);
    const files = await readAll(repo);
    assert.deepEqual(Object.keys(files), ['.export-digests.json', 'networks.yml', 'security_group_rules.yml']);
    assert.deepEqual(resources(files['networks.yml']!).map((r) => r.params.name), ['web-net']);
    const groups = new Set(resources(files['security_group_rules.yml']!).map((r) => (r.params.security_group_ref as { name: string }).name));
    assert.deepEqual([...groups], ['web-sg']);
    // A wider export later keeps what the narrow one wrote and adds the rest.
    const wide = await exportTo(repo, { kinds: ['network'] });
    assert.equal(wide.summary.files[0]!.added, 2);
    assert.equal(wide.summary.files[0]!.unchanged, 1);
  });

  it('refuses to write a file that would contain a credential of the cloud', async () => {
    const repo = await freshDir();
    const admin = await h.client('src');
    const password = h.sim.entries.src!.auth.password;
    assert.ok(password.length >= 8);
    const web = (await listNetworks(admin)).find((n) => n.name === 'web-net')!;
    await updateNetwork(admin, web.id, { description: `pw is ${password}` });
    const err = await exportTo(repo, { kinds: ['network'] }).catch((e: unknown) => e);
    assert.ok(err instanceof StackshiftError);
    assert.match(err.message, /networks.yml would contain a credential of cloud 'src'; nothing was written to it/);
    assert.ok(!err.message.includes(password));
    assert.deepEqual(await readdir(join(repo, 'snapshots')), []);
    await h.sim.reset();
  });

  it('follows changes and deletions in the cloud without calling them hand edits', async () => {
    const repo = await freshDir();
    await exportTo(repo);
    const admin = await h.client('src');
    const web = (await listNetworks(admin)).find((n) => n.name === 'web-net')!;
    const temp = await createNetwork(admin, { name: 'temp-net', description: 'short-lived' });
    const added = await exportTo(repo, { kinds: ['network'] });
    assert.equal(added.summary.files[0]!.added, 1);
    await updateNetwork(admin, web.id, { description: 'changed in the cloud' });
    assert.equal(await deleteNetwork(admin, temp.id), true);
    assert.equal(await deleteNetwork(admin, temp.id), false, 'a second delete converges');
    const { summary } = await exportTo(repo);
    const nets = summary.files.find((f) => f.file === 'networks.yml')!;
    assert.equal(nets.updated, 1);
    assert.equal(nets.removed, 1);
    assert.deepEqual(nets.keptEdits, []);
    const text = await readFile(join(repo, 'snapshots', 'networks.yml'), 'utf8');
    assert.match(text, /description: changed in the cloud/);
    await h.sim.reset();
  });
  it('keeps a public key byte-exact, trailing newline included (a re-export of the destination must equal the source)', async () => {
    const client = await h.client('src');
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx2fMRpIbEBnRFvbZtj3r5nnkFOa7dZ3YhS6H0pXu8n newline@test\n';
    await client.request({ service: 'compute', method: 'POST', path: '/os-keypairs', body: { keypair: { name: 'with-newline', public_key: key } }, microversion: '2.2' });
    try {
      const out = await freshDir();
      await exportTo(out, { kinds: ['keypair'] });
      const exported = resources(await readFile(join(out, 'snapshots', 'keypairs.yml'), 'utf8')).find((r) => r.params.name === 'with-newline');
      assert.equal(exported?.params.public_key, key);
    } finally {
      await client.request({ service: 'compute', method: 'DELETE', path: '/os-keypairs/with-newline' });
    }
  });
});

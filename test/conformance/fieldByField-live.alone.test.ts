/**
 * Zero losses on the real cloud: issue 15's tenant (scripts/tenant148.ts: 10 networks, 15 subnets,
 * 3 routers, 7 interfaces, 15 groups with 90 rules, 3 images, 2 keypairs) is seeded into `src`,
 * exported with `--name-filter '^cmp-'` and applied into `dst` with the real CLI, and then every
 * field the APIs return is compared source vs destination (test/apply/fieldComparison.ts; IDs by
 * the name of what they point at). The only differences allowed are the fields NOT_KEPT lists,
 * each with its reason. A second apply changes nothing. Both projects are left without the tenant.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { compareClouds } from '../apply/fieldComparison.js';
import { raiseQuotas, removeTenant148, restoreQuotas, seedTenant148 } from '../../scripts/tenant148Seed.js';
import { commitTenantRepo, tenantExportArgs } from '../../scripts/tenant148Repo.js';
import { conformanceEnv, root } from './helpers/childSuite.js';
import { openRealClients, type RealClients } from './helpers/realClients.js';

const run = promisify(execFile);
const env = conformanceEnv();
const [source, destination, admin] = [env.STACKSHIFT_CONFORMANCE_SOURCE!, env.STACKSHIFT_CONFORMANCE_DESTINATION!, env.STACKSHIFT_CONFORMANCE_ADMIN!];
let clients: RealClients;
let dir: string;

async function stackshift(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root, env: { ...process.env, OS_CLIENT_CONFIG_FILE: env.STACKSHIFT_CONFORMANCE_CLOUDS }, timeout: 600_000, maxBuffer: 64 << 20,
  });
  return stdout + stderr;
}

/** The quotas raised per project, with the values they replaced. */
const raised = new Map<string, Record<string, number>>();

before(async () => {
  clients = await openRealClients();
  dir = await mkdtemp(join(tmpdir(), 'stackshift-field-live-'));
  await Promise.all([removeTenant148(clients.source), removeTenant148(clients.destination)]);
  raised.set(await clients.destination.projectId(), await raiseQuotas(clients.admin, await clients.destination.projectId()));
  raised.set(await clients.source.projectId(), await seedTenant148(clients.source, clients.admin, () => undefined));
});
after(async () => {
  if (clients) {
    try {
      await Promise.all([removeTenant148(clients.source), removeTenant148(clients.destination)]);
    } finally {
      // Both projects' quotas as they were: other suites read and reset them.
      for (const [projectId, previous] of raised) await restoreQuotas(clients.admin, projectId, previous);
      await clients.close();
    }
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('issue 15\'s tenant, exported from src and applied into dst: every field is kept but those NOT_KEPT explains', async () => {
  const repo = join(dir, 'repo');
  const tenantClouds = { source, sourceAdmin: admin, destination, destinationAdmin: admin };
  await stackshift(...tenantExportArgs(tenantClouds, repo));
  await commitTenantRepo(repo, tenantClouds, stackshift);
  const state = join(dir, 'state');
  assert.match(await stackshift('apply', '--repo', repo, '--state', state, '--auto-approve'), /applied \d+ step/);
  assert.match(await stackshift('apply', '--repo', repo, '--state', state, '--auto-approve'), /nothing to change/);

  const { compared, differences } = await compareClouds({ member: clients.source, admin: clients.admin }, { member: clients.destination, admin: clients.admin });
  assert.deepEqual(differences, [], 'every difference is a field NOT_KEPT lists');
  const perKind = new Map<string, number>();
  for (const key of compared) perKind.set(key.split('/')[0]!, (perKind.get(key.split('/')[0]!) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(perKind), { network: 10, subnet: 15, router: 3, port: 7, security_group: 15, security_group_rule: 90, image: 3, keypair: 2 });
});

/**
 * The repository issue 15's tenant is applied from, made the same way by the simulator bench
 * (bench/tenant148.bench.ts), the real-cloud timing (scripts/bench-tenant-148.ts) and the live
 * field-by-field test: `export` of the tenant's kinds with `--name-filter '^cmp-'`, `init`, the
 * admin entries in stackshift.yaml (they let apply choose the router gateway's address and SNAT,
 * as in the source), one commit.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PREFIX } from './tenant148.js';

const run = promisify(execFile);

const KINDS = 'networks,subnets,routers,router_interfaces,security_groups,security_group_rules,images,keypairs';

/** The clouds.yaml entries the repository names. */
export interface TenantClouds { source: string; sourceAdmin: string; destination: string; destinationAdmin: string }

/** `stackshift export` of the tenant from the source into `out`. */
export const tenantExportArgs = (clouds: TenantClouds, out: string): string[] =>
  ['export', '--cloud', clouds.source, '--admin-cloud', clouds.sourceAdmin, '--out', out, '--name-filter', `^${PREFIX}`, '--types', KINDS];

/** After the export into `repo`: init (with the caller's way of running the CLI), the admin entries, one commit. */
export async function commitTenantRepo(repo: string, clouds: TenantClouds, stackshift: (...args: string[]) => Promise<unknown>): Promise<void> {
  await stackshift('init', repo, '--source', clouds.source, '--destination', clouds.destination);
  const path = join(repo, 'stackshift.yaml');
  const withAdmin = (text: string, cloud: string, admin: string) => text.replace(`cloud: "${cloud}"\n`, `cloud: "${cloud}"\n  adminCloud: "${admin}"\n`);
  await writeFile(path, withAdmin(withAdmin(await readFile(path, 'utf8'), clouds.source, clouds.sourceAdmin), clouds.destination, clouds.destinationAdmin));
  const git = (...args: string[]) => run('git', ['-c', 'user.name=stackshift', '-c', 'user.email=stackshift@localhost', ...args], { cwd: repo });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'tenant 148');
}

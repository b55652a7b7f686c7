/**
 * `stackshift export` from the real `src` project (seeded with one of each kind): the result
 * validates as a desired-state repository, holds what was seeded, and a second export into the
 * same directory changes no byte. Runs the real CLI as a user would.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { after, before, test } from 'node:test';
import { loadDesiredState } from '../../src/desired/load.js';
import { exampleRepoDir } from '../../src/paths.js';
import { dirReader } from '../../src/source/dirReader.js';
import { openSession, readCloudsYaml } from '../shape/helpers/session.js';
import { conformanceEnv, root } from './helpers/childSuite.js';
import { seedSource, type Seeded } from './helpers/seedSource.js';

const run = promisify(execFile);
const env = conformanceEnv();
let seeded: Seeded | undefined;
let repo: string;
let passwords: string[] = [];

before(async () => {
  const clouds = await readCloudsYaml(env.STACKSHIFT_CONFORMANCE_CLOUDS!);
  passwords = Object.values(clouds).map((c) => c.auth.password);
  seeded = await seedSource(await openSession(clouds[env.STACKSHIFT_CONFORMANCE_SOURCE!]!), await openSession(clouds[env.STACKSHIFT_CONFORMANCE_ADMIN!]!));
  repo = await mkdtemp(join(tmpdir(), 'stackshift-export-real-'));
  // The example's config, minus its volume-type mappings: they name the example cloud's types.
  const config = parse(await readFile(join(exampleRepoDir(), 'stackshift.yaml'), 'utf8')) as Record<string, unknown>;
  delete config.mappings;
  await writeFile(join(repo, 'stackshift.yaml'), stringify(config));
});
after(async () => {
  await seeded?.remove();
  if (repo) await rm(repo, { recursive: true, force: true });
});

async function exportOnce(): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'export',
    // Only what this test seeded: other conformance tests work in the same project at the same time.
    '--cloud', env.STACKSHIFT_CONFORMANCE_SOURCE!, '--admin-cloud', env.STACKSHIFT_CONFORMANCE_ADMIN!, '--out', repo, '--name-filter', '^conf-exp-'], {
    cwd: root, env: { ...process.env, OS_CLIENT_CONFIG_FILE: env.STACKSHIFT_CONFORMANCE_CLOUDS }, timeout: 300_000,
  });
  return stdout;
}

async function snapshotFiles(): Promise<Record<string, string>> {
  const dir = join(repo, 'snapshots');
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)));
}

test('export of the real src project validates, holds what was seeded, and a second export is identical', async () => {
  await exportOnce();
  const first = await snapshotFiles();
  const all = Object.values(first).join('\n');
  for (const name of seeded!.names.filter((n) => n !== 'conf-exp-flavor' && n !== 'conf-exp-vol')) {
    assert.ok(all.includes(name), `${name} is in the export`);
  }
  const { problems } = await loadDesiredState(await dirReader(repo));
  assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.message}`), []);
  const second = await exportOnce();
  assert.doesNotMatch(second, /^wrote /m, 'the second export wrote nothing');
  assert.deepEqual(await snapshotFiles(), first);
  for (const secret of passwords) assert.ok(!all.includes(secret), 'no password in the snapshots');
});

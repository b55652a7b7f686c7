/**
 * Runs the test suite with node:test. Test files are `*.test.ts` anywhere under test/;
 * `--conformance` runs the contract suites in test/conformance/ against the clouds named by
 * STACKSHIFT_CONFORMANCE_CLOUDS instead, and `--deep` the suites in test/deep/ that need system
 * packages (OpenSSH's sshd, ipmitool with OpenIPMI's ipmi_sim, Chromium; `.ci/run` installs
 * them). Extra arguments filter files by substring.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

function find(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : find(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const args = process.argv.slice(2);
const conformance = args.includes('--conformance');
const deep = args.includes('--deep');
const tier = (f: string) => (f.startsWith('test/conformance/') ? 'conformance' : f.startsWith('test/deep/') ? 'deep' : 'default');
const wanted = conformance ? 'conformance' : deep ? 'deep' : 'default';
const filters = args.filter((a) => !a.startsWith('--'));
const root = join(import.meta.dirname, '..');
const files = find(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => tier(f) === wanted)
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...(conformance ? { STACKSHIFT_CONFORMANCE: '1' } : {}) },
});
process.exit(result.status ?? 1);

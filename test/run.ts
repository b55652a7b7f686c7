/**
 * Runs the test suite with node:test. Test files are `*.test.ts` anywhere under test/;
 * `--conformance` runs the contract suites in test/conformance/ against the clouds named by
 * STACKSHIFT_CONFORMANCE_CLOUDS instead, and `--deep` the suites in test/deep/ that need system
 * packages (OpenSSH's sshd, ipmitool with OpenIPMI's ipmi_sim, Chromium; `.ci/run` installs
 * them). Extra arguments filter files by substring.
 *
 * A test file whose process never reports (seen once under heavy load: the ESM loader's worker
 * deadlocked before the file's first test) is cancelled after FILE_TIMEOUT_MS instead of holding
 * the run until CI's limit, and — when that is the only failure — run once more, said loudly.
 *
 * Files named `*.alone.test.ts` change what other files would see at the same time (a real
 * cloud's project quotas, say): they run after the others, one at a time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const FILE_TIMEOUT_MS = Number(process.env.STACKSHIFT_TEST_FILE_TIMEOUT_MS ?? 15 * 60_000);

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
/** Runs the files; returns the exit status and the files whose process timed out without reporting. */
function runFiles(list: string[], concurrency = 2): { status: number; hung: string[]; otherFailures: number } {
  const tap = join(tmpdir(), `stackshift-tests-${process.pid}-${Date.now()}.tap`);
  const reporter = process.stdout.isTTY ? 'spec' : 'tap';
  const result = spawnSync(process.execPath, [
    '--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${FILE_TIMEOUT_MS}`,
    `--test-reporter=${reporter}`, '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...list,
  ], { cwd: root, stdio: 'inherit', env: { ...process.env, ...(conformance ? { STACKSHIFT_CONFORMANCE: '1' } : {}) } });
  let text = '';
  try {
    text = readFileSync(tap, 'utf8');
  } catch {
    text = '';
  }
  rmSync(tap, { force: true });
  const failures = [...text.matchAll(/^not ok \d+ - (.*)\n((?: {2}.*\n)*)/gm)];
  const hung = failures.filter((m) => m[1]!.endsWith('.test.ts') && /test timed out after/.test(m[2]!)).map((m) => relative(root, m[1]!));
  return { status: result.status ?? 1, hung, otherFailures: failures.length - hung.length };
}

/** Runs the files, and once more those that hung when nothing else failed; returns the exit status. */
function runWithRetry(list: string[], concurrency?: number): number {
  const first = runFiles(list, concurrency);
  if (first.status !== 0 && first.hung.length > 0 && first.otherFailures === 0) {
    console.log(`\n# ${first.hung.length} test file(s) never reported and were cancelled after ${Math.round(FILE_TIMEOUT_MS / 1000)} s: ${first.hung.join(', ')}; running them once more`);
    return runFiles(first.hung, concurrency).status;
  }
  return first.status;
}

const alone = files.filter((f) => f.endsWith('.alone.test.ts'));
const together = files.filter((f) => !alone.includes(f));
const statuses = [together.length > 0 ? runWithRetry(together) : 0, alone.length > 0 ? runWithRetry(alone, 1) : 0];
process.exit(statuses.find((s) => s !== 0) ?? 0);

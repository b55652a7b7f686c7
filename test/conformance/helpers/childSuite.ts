/**
 * Runs contract test files in a child `node --test` with the conformance environment set, and
 * reads back each leaf test's outcome through jsonl-reporter.mjs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..', '..', '..');

export interface ChildResult {
  name: string;
  file: string;
  outcome: 'pass' | 'fail' | 'skip' | 'todo';
  reason?: string;
  error?: string;
}

export interface ChildRun { results: ChildResult[]; lines: string[]; exitCode: number | null; seconds: number }

/** The clouds.yaml and entry names the conformance run targets (the harness defaults when unset). */
export function conformanceEnv(env = process.env): Record<string, string> {
  const clouds = env.STACKSHIFT_CONFORMANCE_CLOUDS ?? '/tmp/openstack-harness/clouds.yaml';
  if (!existsSync(clouds)) {
    throw new Error(`no clouds.yaml at ${clouds}: bring the test cloud up with ../shared/openstack/up.sh ` +
      'or set STACKSHIFT_CONFORMANCE_CLOUDS to a clouds.yaml');
  }
  return {
    STACKSHIFT_CONFORMANCE: '1',
    STACKSHIFT_CONFORMANCE_CLOUDS: clouds,
    STACKSHIFT_CONFORMANCE_SOURCE: env.STACKSHIFT_CONFORMANCE_SOURCE ?? 'src',
    STACKSHIFT_CONFORMANCE_DESTINATION: env.STACKSHIFT_CONFORMANCE_DESTINATION ?? 'dst',
    STACKSHIFT_CONFORMANCE_ADMIN: env.STACKSHIFT_CONFORMANCE_ADMIN ?? 'admin',
  };
}

/** Does this test file (or a local module it imports, one level deep) take its target from the conformance env? */
export function readsConformanceTarget(file: string): boolean {
  const marker = /STACKSHIFT_CONFORMANCE|openTarget\(|conformanceTarget/;
  const text = readFileSync(file, 'utf8');
  if (marker.test(text)) return true;
  for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
    const candidate = resolve(dirname(file), `${m[1]}.ts`);
    if (existsSync(candidate) && marker.test(readFileSync(candidate, 'utf8'))) return true;
  }
  return false;
}

function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.NODE_TEST_CONTEXT;
  return copy;
}

export async function runChildSuite(files: string[], env: Record<string, string>, timeoutMs = 15 * 60_000): Promise<ChildRun> {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-conformance-'));
  const out = join(dir, 'results.jsonl');
  const started = Date.now();
  const reporter = join(import.meta.dirname, 'jsonl-reporter.mjs');
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1',
    `--test-reporter=${reporter}`, `--test-reporter-destination=${out}`, ...files], {
    // NODE_TEST_CONTEXT would make the child believe it is a test file of ours, and not run its files.
    cwd: root, env: { ...withoutTestContext(process.env), ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  const exitCode = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  clearTimeout(timer);
  const raw = existsSync(out) ? await readFile(out, 'utf8') : '';
  await rm(dir, { recursive: true, force: true });
  const events = raw.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
  const results: ChildResult[] = [];
  const lines: string[] = stderr ? stderr.trimEnd().split('\n').slice(-20) : [];
  let previousNesting = -1;
  for (const e of events) {
    if (e.kind === 'stdout' || e.kind === 'diagnostic') {
      if (e.kind === 'stdout' || /not applicable/i.test(e.message)) lines.push(String(e.message));
      continue;
    }
    // node:test reports children before their parent: a test whose previous event was nested deeper is a suite.
    const isParent = previousNesting > e.nesting;
    previousNesting = e.nesting;
    if (isParent && e.kind === 'pass') continue;
    if (isParent && e.failureType === 'subtestsFailed') continue;
    const outcome = e.skip !== undefined ? 'skip' : e.todo !== undefined ? 'todo' : e.kind;
    results.push({ name: e.name, file: e.file ? relative(root, e.file) : files.join(' '), outcome,
      reason: e.skip ?? e.todo, error: e.error });
  }
  return { results, lines, exitCode, seconds: (Date.now() - started) / 1000 };
}

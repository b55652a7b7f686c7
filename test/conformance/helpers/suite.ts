/**
 * Turns another area's contract suite into conformance tests: runs its files that take their
 * target from STACKSHIFT_CONFORMANCE_* in a child process pointed at the real cloud, and defines
 * one test here per child test with the same outcome. A test the real cloud cannot exercise is
 * printed as not applicable with its reason; nothing is dropped silently.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { conformanceEnv, readsConformanceTarget, root, runChildSuite } from './childSuite.js';
import { limitFor } from './limits.js';
import { guardLeftovers } from './leftoverGuard.js';
import { guardQuotas } from './quotaGuard.js';

export async function defineConformanceSuite(area: string): Promise<void> {
  const dir = join(root, 'test', area);
  let names: string[] = [];
  try { names = readdirSync(dir).filter((n) => n.endsWith('.test.ts')).sort(); } catch { /* reported below */ }
  const files = names.map((n) => join(dir, n));
  const targeted = files.filter(readsConformanceTarget);
  for (const file of files.filter((f) => !targeted.includes(f))) {
    console.log(`not applicable: ${relative(root, file)} builds its own fake or simulator and does not read STACKSHIFT_CONFORMANCE_*`);
  }
  if (targeted.length === 0) {
    // Said out loud rather than failed: an area may test only against fakes; its real-cloud
    // coverage is then the direct tests in test/conformance/ (client-live, export-live).
    console.log(`no test/${area}/*.test.ts reads STACKSHIFT_CONFORMANCE_*: nothing of test/${area} runs against the real cloud`);
    return;
  }
  let env: Record<string, string>;
  try { env = conformanceEnv(); } catch (error) {
    test(`${area}: the conformance cloud is reachable`, () => { throw error; });
    return;
  }
  // One child per file, so that what a file does to the real cloud's quotas is undone before the next.
  const guard = await guardQuotas(env);
  const leftovers = await guardLeftovers(env);
  const run = { results: [] as Awaited<ReturnType<typeof runChildSuite>>['results'], lines: [] as string[], exitCode: 0 as number | null, seconds: 0 };
  for (const file of targeted.map((f) => relative(root, f))) {
    const one = await runChildSuite([file], env);
    run.results.push(...one.results);
    run.lines.push(...one.lines);
    run.seconds += one.seconds;
    if (one.exitCode !== 0) run.exitCode = one.exitCode;
    for (const line of await guard.restore(file)) console.log(`warning: ${line}`);
    for (const line of await leftovers.sweep(file)) console.log(`warning: ${line}`);
  }
  const counts = { pass: 0, fail: 0, notApplicable: 0 };
  for (const r of run.results) {
    const title = `${area}: ${r.file.replace(/^test\//, '')} › ${r.name}`;
    if (r.outcome === 'pass') { counts.pass += 1; test(title, () => {}); continue; }
    if (r.outcome === 'skip' || r.outcome === 'todo') {
      counts.notApplicable += 1;
      test(title, () => {
        assert.ok(r.reason, `skipped against the real cloud without saying why: give t.skip() a reason`);
        console.log(`not applicable: ${title}: ${r.reason}`);
      });
      continue;
    }
    const limit = limitFor(r.name, r.error);
    if (limit) {
      counts.notApplicable += 1;
      test(title, () => console.log(`not applicable: ${title}: ${limit.reason} (it failed with: ${(r.error ?? '').split('\n')[0]})`));
      continue;
    }
    counts.fail += 1;
    test(title, () => assert.fail(r.error ?? 'failed'));
  }
  if (run.results.length === 0) {
    test(`${area}: the child run reported results`, () => assert.fail(`no results (exit ${run.exitCode}):\n${run.lines.join('\n')}`));
  }
  console.log(`${area} against the real cloud: ${counts.pass} passed, ${counts.fail} failed, ` +
    `${counts.notApplicable} not applicable, in ${run.seconds.toFixed(1)} s`);
}

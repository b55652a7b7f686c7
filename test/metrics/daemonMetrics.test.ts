/**
 * The metrics of a whole daemon: reconcileRuntime (file log, workflow runner) and runDaemon (loop,
 * status projection) with a test workflow family and a fake pass, scraped as GET /metrics would be.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { reconcileRuntime } from '../../src/daemon/reconcileRuntime.js';
import { runDaemon } from '../../src/daemon/runDaemon.js';
import { createDaemonMetrics } from '../../src/metrics/daemonMetrics.js';
import { systemClock } from '../../src/wiring.js';
import type { DesiredItem } from '../../src/workflows/module.js';
import { createGitRepo } from '../fixtures/gitRepo.js';
import { tempDir } from '../fixtures/tempDir.js';
import { pacedCopyModule, type CopySpec } from '../workflows/pacedCopy.js';
import { sampleSum, sampleValue } from './promText.js';
import { scrape } from './scrape.js';

const silent = { out: () => undefined, err: () => undefined, interactive: false };

async function copyItem(id: string): Promise<DesiredItem<CopySpec>> {
  const dir = await tempDir('ss-metrics-copy-');
  writeFileSync(join(dir, 'from'), randomBytes(16 * 1024));
  return { id, spec: { from: join(dir, 'from'), to: join(dir, 'to'), size: 16 * 1024, chunk: 4096, paceMs: 1 } };
}

test('a daemon reports its passes, the estate by condition and phase, and its event log', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  const stateDir = await tempDir('ss-metrics-daemon-');
  const items = [await copyItem('a'), await copyItem('b')];
  const metrics = createDaemonMetrics({ clock: systemClock });
  const runtime = await reconcileRuntime({ stateDir, clock: systemClock, output: silent, log: () => undefined, modules: [pacedCopyModule(() => items)], metrics });
  const stop = new AbortController();
  let passes = 0;
  try {
    await runDaemon(
      { repo: repo.dir, stateDir, pollIntervalMs: 50, driftIntervalMs: 0, listen: { host: '127.0.0.1', port: 0 } },
      {
        ...runtime,
        makeDeps: async () => ({}),
        pass: async (_deps, input) => {
          passes++;
          if (passes === 1) throw new Error('the first pass fails');
          await runtime.store.append('workload:web-1', [{ type: 'WorkloadBlocked', data: { reason: 'no flavor', fix: 'map it' } }]);
          await runtime.store.append('workload:web-2', [{ type: 'WorkloadDone', data: { reason: 'migrated' } }]);
          await runtime.store.append('node:cmp-1', [{ type: 'NodeActivityStarted', data: { activity: 'drain', title: 'drain', attempt: 1 } }]);
          await runtime.workflows.update({ commit: input.commit, state: { config: { transfer: {} } } as never, ports: {} as never });
          await runtime.workflows.settled();
          return { result: 'applied', commit: input.commit, changes: 2, failedSteps: 0 };
        },
        onPass: () => {
          if (passes >= 2) stop.abort();
        },
      },
      stop.signal,
    );
    // The projection follows the log in the background: wait until it has the last event.
    let m = await scrape(metrics);
    for (let i = 0; i < 100 && sampleValue(m, 'stackshift_objects', { kind: 'node', condition: 'Reconciling' }) !== 1; i++) {
      await new Promise((r) => setTimeout(r, 10));
      m = await scrape(metrics);
    }
    assert.equal(sampleValue(m, 'stackshift_pass_duration_seconds_count', { reason: 'commit', result: 'error' }), 1);
    assert.equal(sampleValue(m, 'stackshift_pass_duration_seconds_count', { reason: 'commit', result: 'applied' }), 1);
    const since = sampleValue(m, 'stackshift_seconds_since_last_successful_pass')!;
    assert.ok(since >= 0 && since < 5, `just passed: ${since}`);
    assert.ok(Math.abs(sampleValue(m, 'stackshift_last_successful_pass_timestamp_seconds')! - Date.now() / 1000) < 5);

    assert.equal(sampleValue(m, 'stackshift_objects', { kind: 'workload', condition: 'Stalled' }), 1);
    assert.equal(sampleValue(m, 'stackshift_objects', { kind: 'workload', condition: 'Ready' }), 1);
    assert.equal(sampleValue(m, 'stackshift_objects', { kind: 'node', condition: 'Reconciling' }), 1);
    assert.equal(sampleValue(m, 'stackshift_workflow_items', { workflow: 'copy', phase: 'Done' }), 2);

    // Every event the passes and the runner wrote went through the file log's observer.
    assert.equal(sampleValue(m, 'stackshift_event_log_events_total'), runtime.store.count());
    assert.ok(sampleSum(m, 'stackshift_event_log_fsync_duration_seconds_count') > 0);
    assert.ok(sampleValue(m, 'process_cpu_seconds_total')! >= 0, 'process metrics are on by default');
  } finally {
    stop.abort();
    await runtime.close();
    await repo.cleanup();
  }
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runDaemon } from '../../src/daemon/runDaemon.js';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import type { ItemView } from '../../src/workflows/decideAll.js';
import { createDaemonMetrics } from '../../src/metrics/daemonMetrics.js';
import { systemClock } from '../../src/wiring.js';
import { createGitRepo } from '../fixtures/gitRepo.js';
import { startCopy } from './estateEvents.js';

test('runDaemon with --listen serves the board, its API with the runner\'s waves, /metrics and the operator check', async () => {
  const repo = await createGitRepo({ 'state.yml': 'v1' });
  const stateDir = await mkdtemp(join(tmpdir(), 'stackshift-state-'));
  const store = createMemoryEventStore();
  const stop = new AbortController();
  const token = 'operator-token-for-the-wiring-test';
  const items: ItemView[] = [{ workflow: 'workload', id: 'web-1', stream: 'workload:web-1', wave: 3, desired: true, decision: { kind: 'wait', reason: 'window' }, progress: { phase: 'Preflight', remaining: [], started: false } }];
  let url = '';
  let started: () => void = () => undefined;
  const ready = new Promise<void>((done) => (started = done));
  try {
    await startCopy(store, 'web-1', 'c'.repeat(40));
    const running = runDaemon(
      { repo: repo.dir, stateDir, pollIntervalMs: 3_600_000, driftIntervalMs: 0, listen: { host: '127.0.0.1', port: 0 }, operatorToken: Buffer.from(token) },
      {
        clock: systemClock, log: () => undefined, store, items: () => items,
        metrics: createDaemonMetrics({ clock: systemClock, processMetrics: false }),
        makeDeps: async () => ({}),
        pass: async (_deps, input) => ({ result: 'applied', commit: input.commit, changes: 0, failedSteps: 0 }),
        onStarted: (info) => {
          url = info.url ?? '';
          started();
        },
      },
      stop.signal,
    );
    await ready;
    const status = (await (await fetch(`${url}/api/status`)).json()) as { waves: Array<{ wave: number; workloads: Array<{ id: string; phase: string; state: string }> }>; daemon: unknown };
    assert.deepEqual(status.waves.map((w) => [w.wave, w.workloads.map((i) => `${i.id}:${i.phase}:${i.state}`)]), [[3, ['web-1:Copy:running']]]);
    assert.ok(status.daemon, 'the status view is included');
    const metrics = await fetch(`${url}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /^stackshift_seconds_since_last_successful_pass /m);
    assert.match(await (await fetch(`${url}/`)).text(), /migration board/);
    assert.equal((await fetch(`${url}/api/status`, { method: 'DELETE' })).status, 401);
    assert.equal((await fetch(`${url}/api/status`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status, 404);
    stop.abort();
    await running;
  } finally {
    stop.abort();
    await repo.cleanup();
    await rm(stateDir, { recursive: true, force: true });
  }
});

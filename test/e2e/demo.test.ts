/**
 * `stackshift demo` (npm start) in this process: simulated clouds, a repository made from
 * example-repo/, the daemon until converged, a summary that matches the event log, exit 0.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../../src/commands/demo.js';
import { openFileEventStore } from '../../src/events/fileStore.js';

test('the demo converges, prints what it created and how to look, and leaves its event log in --state', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'stackshift-demo-state-'));
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await run(['--state', stateDir], { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false });
    assert.equal(code, 0, err.join('\n'));
    const summary = out.join('\n');
    assert.match(summary, /has converged/);
    assert.match(err.join('\n'), /converged: a drift pass found nothing left to do/);
    // The nodes of reclaim.yaml: the Redfish one is enrolled through the simulated BMC; the IPMI
    // ones go as far as they can without a BMC, and the demo says why instead of skipping silently.
    assert.match(summary, /node compute-3: Enrolled; enrolled: compute-3 is manageable in the destination's Ironic/);
    assert.match(summary, /node compute-4: Quiesced/);
    assert.match(summary, /node compute-2: Removed/);
    assert.match(err.join('\n'), /compute-2's BMC speaks IPMI, and the demo runs no IPMI BMC.*it stops at stage removed instead of available/);

    const store = await openFileEventStore(stateDir);
    const created = new Map<string, number>();
    let events = 0;
    const passes: string[] = [];
    for await (const e of store.readAll()) {
      events++;
      if (e.type === 'ResourceCreated') {
        const kind = /^resource:([^/]+)\//.exec(e.stream)?.[1] ?? '?';
        created.set(kind, (created.get(kind) ?? 0) + 1);
      }
      if (e.type === 'CommitObserved') passes.push(String(e.data.reason));
    }
    await store.close();
    assert.deepEqual(passes, ['commit', 'drift'], 'one commit pass, then one drift pass that found nothing');
    assert.ok(created.get('network') && created.get('image') && created.get('security_group'));
    for (const [kind, n] of created) assert.match(summary, new RegExp(`^ {2}${kind} +${n}$`, 'm'));
    assert.match(summary, new RegExp(`^${events} events in the log`, 'm'));
    assert.ok(summary.includes(`events tail -n 40 --state ${stateDir}`));
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
});

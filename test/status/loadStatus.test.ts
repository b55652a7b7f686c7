import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { readCheckpoint, statusCheckpointPath, writeCheckpoint } from '../../src/status/checkpoint.js';
import { followStatus, loadStatus } from '../../src/status/loadStatus.js';
import { manualClock } from '../events/clock.js';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-status-'));
  dirs.push(dir);
  return dir;
}

void describe('loading status with a checkpoint', () => {
  it('folds only the events after the checkpoint on the next start', async () => {
    const dir = await stateDir();
    const checkpointPath = statusCheckpointPath(dir);
    let store = await openFileEventStore(dir, { clock: manualClock() });
    for (let i = 0; i < 50; i++) await store.append(`resource:network/n${i}`, [{ type: 'ResourceCreated', data: {}, commit: 'c1' }]);
    const first = await loadStatus(store, { checkpointPath });
    assert.equal(first.folded, 50);
    assert.equal((await readCheckpoint(checkpointPath))?.position, 49);
    await store.append('commit:c1', [{ type: 'CommitApplied', data: {}, commit: 'c1' }]);
    await store.close();

    store = await openFileEventStore(dir, { clock: manualClock() });
    const second = await loadStatus(store, { checkpointPath });
    assert.equal(second.folded, 1);
    assert.equal(Object.keys(second.model.resources).length, 50);
    assert.equal(second.model.commits.lastApplied, 'c1');
    assert.deepEqual(second.model, (await loadStatus(store)).model, 'the same model as a full refold');
    await store.close();
  });

  it('refolds from the start when the checkpoint does not match the log', async () => {
    const dir = await stateDir();
    const checkpointPath = statusCheckpointPath(dir);
    const store = createMemoryEventStore({ clock: manualClock() });
    await store.append('node:h1', [{ type: 'NodeQuiesced', data: {} }]);
    await store.append('node:h2', [{ type: 'NodeQuiesced', data: {} }]);
    const stale = await loadStatus(store, { checkpointPath, save: false });
    await writeCheckpoint(checkpointPath, { format: 1, position: 1, eventId: 'not-this-log', model: { ...stale.model, nodes: {} } });
    const loaded = await loadStatus(store, { checkpointPath });
    assert.equal(loaded.folded, 2);
    assert.deepEqual(Object.keys(loaded.model.nodes).sort(), ['h1', 'h2']);
    await store.close();
  });

  it('follows live appends and checkpoints as it goes', async () => {
    const dir = await stateDir();
    const checkpointPath = statusCheckpointPath(dir);
    const store = createMemoryEventStore({ clock: manualClock() });
    await store.append('workload:w1', [{ type: 'SourceServerStopped', data: {} }]);
    const controller = new AbortController();
    let changes = 0;
    let reached: () => void = () => undefined;
    const twoMore = new Promise<void>((r) => (reached = r));
    const live = await followStatus(store, {
      checkpointPath,
      checkpointEvery: 2,
      signal: controller.signal,
      onChange: () => {
        if (++changes === 2) reached();
      },
    });
    assert.equal(live.model.workloads.w1!.lastEvent, 'SourceServerStopped');
    await store.append('workload:w1', [{ type: 'ServerCreated', data: {} }, { type: 'WorkloadMigrated', data: {} }]);
    await twoMore;
    controller.abort();
    await live.done;
    assert.equal(live.model.workloads.w1!.lastEvent, 'WorkloadMigrated');
    assert.equal((await readCheckpoint(checkpointPath))?.position, 2);
    await store.close();
  });
});

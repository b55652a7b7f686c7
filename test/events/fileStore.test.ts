import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdir, readFile, truncate, writeFile, appendFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codes, StackshiftError } from '../../src/errors.js';
import { openFileEventStore } from '../../src/events/fileStore.js';
import { eventLogDir } from '../../src/events/stateDir.js';
import { verifyEventLog } from '../../src/events/verify.js';
import { manualClock } from './clock.js';
import { recordLocations, tempStateDir, writeLog } from './fixture.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof StackshiftError, `expected a StackshiftError, got ${String(err)}`);
  return err.code;
}

void describe('file event store', () => {
  it('keeps events, versions and the hash chain across reopen and segment rotation', async () => {
    const dir = await writeLog(60, 1024);
    const segments = (await readdir(eventLogDir(dir))).filter((n) => n.endsWith('.seg'));
    assert.ok(segments.length >= 3, `expected rotation, got ${segments.join(', ')}`);
    const store = await openFileEventStore(dir, { clock: manualClock(), segmentBytes: 1024 });
    assert.equal(store.count(), 60);
    const result = await store.append('resource:network/n0', [{ type: 'NetworkUpdated', data: {} }], { expectedVersion: 19 });
    assert.deepEqual(result, { nextExpectedVersion: 20, lastPosition: 60 });
    const stream = await store.readStream('resource:network/n0');
    assert.deepEqual(stream.map((e) => e.version), Array.from({ length: 21 }, (_, i) => i));
    const head = store.headHash();
    await store.close();
    const report = await verifyEventLog(dir);
    assert.deepEqual(report, { ok: true, count: 61, headHash: head });
  });

  it('lets one writer in at a time and takes over the lock of a dead one', async () => {
    const dir = await tempStateDir();
    const store = await openFileEventStore(dir, { clock: manualClock() });
    assert.equal(await codeOf(openFileEventStore(dir)), codes.EVENT_LOG_LOCKED);
    await store.close();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await writeFile(join(eventLogDir(dir), 'LOCK'), JSON.stringify({ pid: Number(gone.stdout), host: hostname() }));
    const again = await openFileEventStore(dir, { clock: manualClock() });
    const lock = JSON.parse(await readFile(join(eventLogDir(dir), 'LOCK'), 'utf8')) as { pid: number };
    assert.equal(lock.pid, process.pid);
    await again.close();
  });

  it('cuts a torn last record back to the longest valid prefix, at every cut point', async () => {
    const dir = await writeLog(4, 1 << 20);
    const records = await recordLocations(dir);
    const last = records[records.length - 1]!;
    const original = await readFile(last.file);
    for (let cut = last.offset + 1; cut < last.offset + last.bytes; cut += 7) {
      await writeFile(last.file, original.subarray(0, cut));
      const store = await openFileEventStore(dir, { clock: manualClock() });
      assert.equal(store.count(), 3);
      assert.deepEqual((await store.readStream('resource:network/n0')).map((e) => e.data.i), [0]);
      await store.close();
      assert.equal((await verifyEventLog(dir)).ok, true);
    }
    // A file system that grew the file before the data landed leaves zeros: also torn.
    await writeFile(last.file, original);
    await appendFile(last.file, Buffer.alloc(300));
    const store = await openFileEventStore(dir, { clock: manualClock() });
    assert.equal(store.count(), 4);
    await store.append('s', [{ type: 'After', data: {} }]);
    await store.close();
    assert.equal((await verifyEventLog(dir)).count, 5);
  });

  it('refuses to open when damage sits before the tail, and repair moves the damage aside', async () => {
    const dir = await writeLog(30, 1024);
    const records = await recordLocations(dir);
    const victim = records[12]!;
    const bytes = await readFile(victim.file);
    bytes[victim.offset + 20]! ^= 0x01;
    await writeFile(victim.file, bytes);
    const err = await openFileEventStore(dir, { clock: manualClock() }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof StackshiftError);
    assert.equal(err.code, codes.EVENT_LOG_CORRUPT);
    assert.match(err.message, /position 12 /);
    assert.ok(err.message.includes(victim.file));
    assert.match(err.hint ?? '', /repair/);
    const repaired = await openFileEventStore(dir, { clock: manualClock(), repair: true });
    assert.equal(repaired.count(), 12);
    await repaired.append('s', [{ type: 'AfterRepair', data: {} }]);
    await repaired.close();
    const report = await verifyEventLog(dir);
    assert.equal(report.ok, true);
    assert.equal(report.count, 13);
    const aside = (await readdir(eventLogDir(dir))).filter((n) => n.includes('.damaged-'));
    assert.ok(aside.length >= 1, 'the damaged file is kept aside');
  });

  it('fails a write it cannot make without acknowledging it', async () => {
    const dir = await tempStateDir();
    const store = await openFileEventStore(dir, { clock: manualClock(), segmentBytes: 64 });
    await store.append('s', [{ type: 'A', data: {} }]);
    // Rotation needs to create a file; a file squatting on its name makes the write fail.
    await writeFile(join(eventLogDir(dir), '00000000000000000001.seg'), '');
    assert.equal(await codeOf(store.append('s', [{ type: 'B', data: {} }])), codes.EVENT_LOG_CORRUPT);
    assert.equal(await codeOf(store.append('s', [{ type: 'C', data: {} }])), codes.EVENT_LOG_CORRUPT);
    assert.equal((await store.readStream('s')).length, 1);
    await store.close();
  });

  it('shares one write among concurrent appends and keeps each append whole', async () => {
    const dir = await tempStateDir();
    const store = await openFileEventStore(dir, { clock: manualClock() });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.append(`s${i % 10}`, [{ type: 'A', data: { i } }, { type: 'B', data: { i } }])),
    );
    assert.equal(new Set(results.map((r) => r.lastPosition)).size, 200);
    let previous: number | undefined;
    for await (const e of store.readAll()) {
      if (e.type === 'B') assert.equal(e.data.i, previous);
      previous = e.data.i as number;
    }
    await store.close();
    assert.equal((await verifyEventLog(dir)).count, 400);
  });
});

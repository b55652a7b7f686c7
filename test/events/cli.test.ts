import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { runEvents } from '../../src/commands/events.js';
import { codes, StackshiftError } from '../../src/errors.js';
import { openFileEventStore } from '../../src/events/fileStore.js';
import type { Output } from '../../src/ports.js';
import { manualClock } from './clock.js';
import { recordLocations, tempStateDir, writeLog } from './fixture.js';

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, interactive: false, out: (t) => lines.push(t), err: (t) => errors.push(t) };
}

void describe('stackshift events', () => {
  it('tail prints the last N events, filtered by stream, as text or JSON', async () => {
    const dir = await writeLog(9);
    const out = capture();
    assert.equal(await runEvents(['tail', '-n', '2', '--state', dir], out), 0);
    assert.equal(out.lines.length, 2);
    assert.match(out.lines[0]!, /^#7 2026-01-02 03:04:05 abc123 resource:network\/n1 NetworkCreated i=7 name=net-7$/);
    const json = capture();
    await runEvents(['tail', '--stream', 'resource:network/n0', '--json'], json, { env: { STACKSHIFT_STATE: dir } });
    assert.deepEqual(json.lines.map((l) => (JSON.parse(l) as { data: { i: number } }).data.i), [0, 3, 6]);
  });

  it('tail filters by type prefix, commit prefix and time, and keeps lines within 120 columns', async () => {
    const dir = await writeLog(9);
    const byType = capture();
    await runEvents(['tail', '--type', 'Network', '--commit', 'abc', '--since', '2026-01-01T00:00:00Z', '--state', dir], byType);
    assert.equal(byType.lines.length, 9);
    const none = capture();
    await runEvents(['tail', '--commit', 'fff', '--state', dir], none);
    assert.deepEqual(none.lines, []);
    const later = capture();
    await runEvents(['tail', '--since', '2030-01-01T00:00:00Z', '--state', dir], later);
    assert.deepEqual(later.lines, []);
    await assert.rejects(runEvents(['tail', '--since', 'yesterday', '--state', dir], capture()), /--since must be a duration ago \(30m, 2h, 1d\) or a time/);
    for (const line of byType.lines) assert.ok(line.length <= 120, line);
    // The fixture's events are at 2026-01-02T03:04:05Z.
    const clock = (iso: string) => manualClock(Date.parse(iso));
    const recent = capture();
    await runEvents(['tail', '--since', '2h', '--state', dir], recent, { clock: clock('2026-01-02T04:00:00Z') });
    assert.equal(recent.lines.length, 9, '--since 2h at 04:00 includes 03:04');
    const tooLong = capture();
    await runEvents(['tail', '--since', '30m', '--state', dir], tooLong, { clock: clock('2026-01-02T04:00:00Z') });
    assert.deepEqual(tooLong.lines, [], '--since 30m at 04:00 excludes 03:04');
  });

  it('tail --follow prints appends made by another writer until stopped', async () => {
    const dir = await tempStateDir();
    const store = await openFileEventStore(dir, { clock: manualClock() });
    await store.append('s', [{ type: 'Before', data: {} }]);
    const out = capture();
    const stop = new AbortController();
    const following = runEvents(['tail', '--follow', '--state', dir], out, { signal: stop.signal, pollMs: 10 });
    await store.append('s', [{ type: 'After1', data: {} }, { type: 'After2', data: {} }]);
    await store.append('other', [{ type: 'After3', data: {} }]);
    for (let i = 0; i < 200 && out.lines.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    assert.equal(await following, 0);
    assert.deepEqual(out.lines.map((l) => l.split(' ')[5]), ['Before', 'After1', 'After2', 'After3']);
    await store.close();
  });

  it('show prints one stream; verify prints count and head, or fails naming the position', async () => {
    const dir = await writeLog(6);
    const shown = capture();
    await runEvents(['show', 'resource:network/n2', '--state', dir], shown);
    assert.deepEqual(shown.lines.map((l) => l.split(' ')[0]), ['#2', '#5']);
    const ok = capture();
    assert.equal(await runEvents(['verify', '--state', dir], ok), 0);
    assert.match(ok.lines[0]!, /^ok: 6 events, head [0-9a-f]{64}$/);

    const victim = (await recordLocations(dir))[3]!;
    const bytes = await readFile(victim.file);
    bytes[victim.offset + 40]! ^= 0x10;
    await writeFile(victim.file, bytes);
    const err = await runEvents(['verify', '--state', dir], capture()).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof StackshiftError);
    assert.equal(err.code, codes.EVENT_LOG_CORRUPT);
    assert.equal(err.exitCode, 1);
    assert.match(err.message, /position 3 /);
    const repaired = capture();
    assert.equal(await runEvents(['repair', '--state', dir], repaired), 0);
    assert.match(repaired.lines[0]!, /^event log usable: 3 events/);
    assert.equal(await runEvents(['verify', '--state', dir], capture()), 0);
  });

  it('says when the state directory holds no event log', async () => {
    const dir = await tempStateDir();
    const err = await runEvents(['verify', '--state', dir], capture()).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof StackshiftError && err.code === codes.NOT_FOUND);
    const out = capture();
    assert.equal(await runEvents(['tail', '--state', dir], out), 0);
    assert.deepEqual(out.lines, []);
    assert.match(out.errors[0]!, /no event log/);
  });

  it('rejects bad usage with exit code 2', async () => {
    for (const argv of [['tail', 'extra'], ['show'], ['frobnicate'], ['tail', '-n', 'x']]) {
      const err = await runEvents(argv, capture()).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof StackshiftError && err.exitCode === 2, `argv ${argv.join(' ')}`);
    }
  });
});

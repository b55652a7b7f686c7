/**
 * A warm workload's decisions as given/when/then, without I/O: given its facts (with their times),
 * when deciding at an instant with its window and warm settings, then this step or wait. The
 * source is never stopped outside its window; passes follow refreshEvery and maxRefreshes; the
 * cutover releases the running server's snapshots and sends a delta; a switch to cold keeps the
 * pre-copied bytes; a revert deletes them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredEvent } from '../../src/events/store.js';
import type { MaintenanceWindow, WarmSettings } from '../../src/desired/model.js';
import { decideWorkload } from '../../src/workflows/workload/decide.js';
import type { WorkloadSpec } from '../../src/workflows/workload/spec.js';
import { evolveWorkload, initialWorkloadState, type WorkloadState } from '../../src/workflows/workload/state.js';
import { workloadMigration } from '../../src/workflows/workload/module.js';

const H = 3_600_000;
// Saturday 2026-12-05 10:00 UTC; the window opens at 22:00 every day for 4 hours.
const T0 = Date.UTC(2026, 11, 5, 10);
const window: MaintenanceWindow = { name: 'nightly', schedule: '0 22 * * *', duration: '4h', durationMs: 4 * H, timeZone: 'UTC', file: 'stackshift.yaml', line: 1 };

function spec(mode: 'warm' | 'cold', warm: WarmSettings = {}): WorkloadSpec {
  return {
    owner: 'db-1',
    selection: { server: 'db-1', wave: 1, mode, ...(mode === 'warm' ? { warm } : {}), stopSource: true, window: 'nightly', bootDiskCopy: true, dataCopy: true, copyVia: 'conversion-hosts', mappings: { flavors: {}, networks: {}, volumeTypes: {}, availabilityZones: {}, projects: {}, users: {} } as never, file: 'workloads.yaml', line: 3 },
    server: {} as never,
    pair: { name: 'pair-1' } as never,
    window,
    disks: [
      { key: 'root', name: 'db-1-root', role: 'root', sizeGb: 2, sourceVolumeId: 'v-root' } as never,
      { key: 'db-1-data', name: 'db-1-data', role: 'data', sizeGb: 4, sourceVolumeId: 'v-data' } as never,
    ],
    flavor: 'm1.small', ports: [], securityGroups: [], dataCopy: true, copyVia: 'conversion-hosts', copiesAtOnce: 1,
  };
}

type Fact = [type: string, data: Record<string, unknown>, at: number];
const fold = (facts: Fact[]): WorkloadState => facts.reduce((s, [type, data, at], i) => {
  const event: StoredEvent = { id: `e${i}`, stream: 'workload:db-1', type, version: i, position: i, time: new Date(at).toISOString(), commit: 'c1', data };
  return evolveWorkload(s, event);
}, initialWorkloadState());

const preflight: Fact = ['WorkloadPreflightPassed', { sourceServerId: 's1', sourceVolumes: { root: 'v-root', 'db-1-data': 'v-data' }, bytesTotal: 6 * 1024 ** 3 }, T0];
/** One pass of both disks, ending at `at` (snapshot, temporary and destination volumes, copy). */
function pass(at: number, sent = 0, released = true): Fact[] {
  return ['root', 'db-1-data'].flatMap((disk): Fact[] => [
    ['DiskSnapshotted', { disk, snapshotId: `snap-${disk}-${at}` }, at - 60_000],
    ['TemporaryVolumeCreated', { disk, volumeId: `tmp-${disk}-${at}` }, at - 50_000],
    ['TemporaryVolumeAttached', { disk, volumeId: `tmp-${disk}-${at}`, serverId: 'h1' }, at - 40_000],
    ['DestinationVolumeCreated', { disk, volumeId: `dst-${disk}` }, at - 30_000],
    ['DestinationVolumeAttached', { disk, volumeId: `dst-${disk}`, serverId: 'h2' }, at - 20_000],
    ['DiskCopied', { disk, sha256: `h-${at}`, bytesSent: sent, bytesSkipped: 0, durationMs: 10_000 }, at],
    ...(released ? [['DiskSnapshotReleased', { disk, removed: ['snapshot'] }, at] as Fact] : []),
  ]);
}

const decide = (s: WorkloadState, desired: WorkloadSpec | undefined, now: number) => decideWorkload(s, { id: 'db-1', desired, now, commit: 'c1' });

test('a warm workload pre-copies while its source runs, outside its window', () => {
  const d = decide(fold([preflight]), spec('warm'), T0);
  assert.equal(d.kind, 'run');
  assert.equal(d.kind === 'run' && d.activity.type, 'prepare-disk');
  assert.match(d.kind === 'run' ? d.activity.title : '', /pre-copy of db-1: snapshot root while db-1 runs/);
  const copying = decide(fold([preflight, ...pass(T0 + 60_000, 0, false)].filter(([t]) => t !== 'DiskCopied')), spec('warm'), T0 + H);
  assert.equal(copying.kind === 'run' && copying.activity.type, 'copy-disks');
  assert.equal(copying.kind === 'run' && copying.slot, 'pair:pair-1');
  const finished = decide(fold([preflight, ...pass(T0 + 60_000, 1, false)]), spec('warm'), T0 + H);
  assert.equal(finished.kind === 'run' && finished.activity.type, 'release-snapshots');
});

test('between passes it waits for the next refresh or the window, and never stops the source outside it', () => {
  const s = fold([preflight, ...pass(T0 + H)]);
  const noRefresh = decide(s, spec('warm'), T0 + 2 * H);
  assert.deepEqual([noRefresh.kind, noRefresh.kind === 'wait' && noRefresh.until], ['wait', Date.UTC(2026, 11, 5, 22)]);
  const refresh = spec('warm', { refreshEveryMs: 6 * H, maxRefreshes: 1 });
  const waiting = decide(s, refresh, T0 + 2 * H);
  assert.deepEqual([waiting.kind, waiting.kind === 'wait' && waiting.until], ['wait', T0 + 7 * H], 'the refresh is due 6 h after the last pass');
  const due = decide(s, refresh, T0 + 7 * H);
  assert.equal(due.kind === 'run' && due.activity.type, 'prepare-disk');
  assert.match(due.kind === 'run' ? due.activity.title : '', /refresh pass 2 of db-1/);
  const afterOne = fold([preflight, ...pass(T0 + H), ...pass(T0 + 8 * H)]);
  const capped = decide(afterOne, refresh, T0 + 9 * H);
  assert.deepEqual([capped.kind, capped.kind === 'wait' && capped.until], ['wait', Date.UTC(2026, 11, 5, 22)], 'maxRefreshes: 1 — no third pass, the window next');
  for (const now of [T0, T0 + 2 * H, T0 + 7 * H, T0 + 11 * H]) {
    const d = decide(afterOne, refresh, now);
    assert.ok(!(d.kind === 'run' && d.activity.type === 'stop-source'), `no stop at ${new Date(now).toISOString()}`);
  }
});

test('in the window the cutover stops the source with its estimate, releases the running snapshots and sends a delta', () => {
  const inWindow = Date.UTC(2026, 11, 5, 23);
  const s = fold([preflight, ...pass(T0 + H, 5 * 1024 ** 2)]);
  const stop = decide(s, spec('warm'), inWindow);
  assert.equal(stop.kind === 'run' && stop.activity.type, 'stop-source');
  assert.match(stop.kind === 'run' ? stop.activity.title : '', /downtime at most 80 s, until a refresh pass measures the delta/);
  const refreshed = decide(fold([preflight, ...pass(T0 + H), ...pass(T0 + 2 * H)]), spec('warm'), inWindow);
  assert.match(refreshed.kind === 'run' ? refreshed.activity.title : '', /downtime about 80 s\)/, 'after a delta pass the estimate is measured');
  // A refresh pass was under way when the window opened: it finishes and is released first.
  const midPass = fold([preflight, ...pass(T0 + H), ...pass(inWindow - 1000, 0, false)]);
  assert.equal(decide(midPass, spec('warm'), inWindow).kind === 'run' && (decide(midPass, spec('warm'), inWindow) as { activity: { type: string } }).activity.type, 'release-snapshots');
  const stopped = fold([preflight, ...pass(T0 + H), ['SourceServerStopped', { serverId: 's1', byStackshift: true }, inWindow]]);
  const next = decide(stopped, spec('warm'), inWindow);
  assert.equal(next.kind === 'run' && next.activity.type, 'prepare-disk', 'the final snapshot of the stopped disks');
  const prepared = fold([preflight, ...pass(T0 + H), ['SourceServerStopped', { serverId: 's1', byStackshift: true }, inWindow], ...pass(inWindow + 60_000, 0, false).filter(([t]) => t !== 'DiskCopied')]);
  const copy = decide(prepared, spec('warm'), inWindow + 60_000);
  assert.match(copy.kind === 'run' ? copy.activity.title : '', /send the chunks of db-1's 2 disk\(s\) changed since the pre-copy/);
  const progress = workloadMigration.progress(prepared, spec('warm'), inWindow + 60_000);
  assert.equal(progress.phase, 'Copy');
});

test('a snapshot of the running server left at the stop is released before the final pass', () => {
  const inWindow = Date.UTC(2026, 11, 5, 23);
  // Switched to cold mid-pass: the cold chain stops the source, then the pre-stop snapshot goes.
  const s = fold([preflight, ...pass(T0 + H), ...pass(T0 + 2 * H, 0, false), ['SourceServerStopped', { serverId: 's1', byStackshift: true }, inWindow]]);
  const d = decide(s, spec('cold'), inWindow);
  assert.equal(d.kind === 'run' && d.activity.type, 'release-snapshots');
});

test('switched to cold, the pre-copied bytes wait for the window; reverted, the roll-back says they go', () => {
  const s = fold([preflight, ...pass(T0 + H)]);
  const cold = decide(s, spec('cold'), T0 + 2 * H);
  assert.equal(cold.kind, 'wait');
  assert.match(cold.kind === 'wait' ? cold.reason : '', /pre-copied bytes are kept/);
  const part = workloadMigration.progress(s, spec('cold'), T0 + 2 * H).parts?.find((p) => p.name === 'pre-copy');
  assert.match(part?.note ?? '', /switched to cold: the pre-copied bytes are kept/);
  const revert = decide(s, undefined, T0 + 2 * H);
  assert.equal(revert.kind === 'run' && revert.activity.type, 'roll-back');
  assert.match(revert.kind === 'run' ? revert.activity.title : '', /with their pre-copied bytes/);
});

test('the plan shows pre-copied bytes, the last pass\'s age and delta, and the expected downtime', () => {
  const s = fold([preflight, ...pass(T0 + H, 3 * 1024 ** 2)]);
  const p = workloadMigration.progress(s, spec('warm'), T0 + 3 * H);
  assert.equal(p.phase, 'PreCopy');
  assert.deepEqual(p.remaining.slice(0, 2), ['Cutover', 'Prepare']);
  const part = p.parts?.find((x) => x.name === 'pre-copy');
  assert.equal(part?.bytesDone, 6 * 1024 ** 3);
  assert.match(part?.note ?? '', /1 pass\(es\), last 2\.0 h ago, 6\.0 MiB sent in it, cutover downtime at most 80 s/);
});

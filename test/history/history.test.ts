import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { run as history } from '../../src/commands/history.js';
import { openFileEventStore } from '../../src/events/fileStore.js';
import type { Output } from '../../src/ports.js';
import { systemClock } from '../../src/wiring.js';
import { parseStreamQuery } from '../../src/history/streamQuery.js';
import { createGitRepo } from '../fixtures/gitRepo.js';
import { tempDir } from '../fixtures/tempDir.js';

function capture(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, interactive: false, out: (t) => lines.push(...t.split('\n')), err: (t) => errors.push(t) };
}

/** A repository with two commits and a log of what a daemon recorded for them. */
async function migration() {
  const repo = await createGitRepo({ 'state.yml': 'v1' }, { message: 'add web-1 and net-a' });
  const first = await repo.head();
  const second = await repo.commit({ 'state.yml': 'v2' }, 'move web-1 to wave 2\n\nbody');
  const stateDir = await tempDir('stackshift-state-');
  const store = await openFileEventStore(stateDir, { clock: systemClock });
  const at = (commit: string) => ({ commit });
  await store.append(`commit:${first}`, [{ type: 'CommitObserved', data: { reason: 'commit', repo: `${repo.dir}@${first.slice(0, 7)}` }, ...at(first) }]);
  await store.append('resource:network/net-a', [
    { type: 'StepStarted', data: { step: 'create network/net-a', action: 'create', kind: 'network', key: 'net-a' }, ...at(first) },
    { type: 'ResourceCreated', data: { step: 'create network/net-a', id: 'n-123' }, ...at(first) },
  ]);
  await store.append('workload:web-1', [
    { type: 'WorkloadPreflightPassed', data: { sourceServerId: 's-1', sourceVolumes: {}, bytesTotal: 1024 }, ...at(first) },
    { type: 'DiskCopyProgressed', data: { disk: 'vda', verifiedOffset: 512 * 1024 * 1024, bytesTotal: 1024 * 1024 * 1024, bytesSent: 1, bytesSkipped: 0, rateBytesPerSec: 100 * 1024 * 1024 }, ...at(first) },
  ]);
  await store.append('workload:web-2', [{ type: 'WorkloadBlocked', data: { reason: 'no room on any destination host' }, ...at(first) }]);
  await store.append('node:compute-2', [{ type: 'NodeActivityFailed', data: { activity: 'power-off', error: { code: 'E_BMC', message: 'BMC did not answer', retry: 'backoff' } }, ...at(second) }]);
  await store.append('workload:web-1', [{ type: 'WorkloadMigrated', data: { serverId: 'd-9', downtimeMs: 42_000, bytesSent: 9 }, ...at(second) }]);
  await store.close();
  return { repo, first, second, stateDir };
}

test('history of a workload: its events under each commit, with author and subject from the repository the daemon followed', async () => {
  const m = await migration();
  const out = capture();
  assert.equal(await history(['workload:web-1', '--state', m.stateDir], out), 0);
  assert.deepEqual(out.lines.map((l) => l.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'TIME').replace(/\s+/g, ' ')), [
    'workload:web-1: 3 event(s), 2 commit(s)',
    `${m.first.slice(0, 7)} Stackshift Test "add web-1 and net-a" (2026-01-01)`,
    ' TIME WorkloadPreflightPassed sourceServerId=s-1 bytesTotal=1024',
    ' TIME DiskCopyProgressed vda: 512.0 MiB of 1.0 GiB verified at 100.0 MiB/s',
    `${m.second.slice(0, 7)} Stackshift Test "move web-1 to wave 2" (2026-01-01)`,
    ' TIME WorkloadMigrated migrated to d-9, downtime 42.0 s',
  ]);
});

test('history of a resource in short form, as JSON, with --repo; nodes by host:; a bare name finds every stream of that name', async () => {
  const m = await migration();
  const out = capture();
  assert.equal(await history(['network/net-a', '--state', m.stateDir, '--repo', m.repo.dir, '--format', 'json'], out), 0);
  const json = JSON.parse(out.lines.join('\n')) as { streams: string[]; events: Array<{ type: string; commit: string; author: string; subject: string; summary: string }> };
  assert.deepEqual(json.streams, ['resource:network/net-a']);
  assert.deepEqual(json.events.map((e) => [e.type, e.commit, e.author, e.subject, e.summary]), [
    ['StepStarted', m.first, 'Stackshift Test', 'add web-1 and net-a', 'create network/net-a'],
    ['ResourceCreated', m.first, 'Stackshift Test', 'add web-1 and net-a', 'created n-123'],
  ]);
  const node = capture();
  assert.equal(await history(['host:compute-2', '--state', m.stateDir], node), 0);
  assert.match(node.lines.at(-1)!, /NodeActivityFailed +power-off: BMC did not answer$/);
  const bare = capture();
  assert.equal(await history(['web-2', '--state', m.stateDir], bare), 0);
  assert.match(bare.lines.at(-1)!, /WorkloadBlocked +no room on any destination host$/);
});

test('without a repository history shows the commit ids; the daemon clone under <state>/git is found', async () => {
  const m = await migration();
  const moved = join(await tempDir('stackshift-elsewhere-'), 'gone');
  execFileSync('mv', [m.repo.dir, moved]);
  const out = capture();
  assert.equal(await history(['workload:web-1', '--state', m.stateDir], out), 0);
  assert.equal(out.lines[1], m.first.slice(0, 7));
  execFileSync('git', ['clone', '--quiet', '--bare', moved, join(m.stateDir, 'git', '0123abcd', '.git')]);
  const again = capture();
  await history(['workload:web-1', '--state', m.stateDir], again);
  assert.match(again.lines[1]!, /Stackshift Test {2}"add web-1 and net-a"/);
});

test('history: nothing recorded is exit 1; an unknown kind or a missing log is an error', async () => {
  const m = await migration();
  const none = capture();
  assert.equal(await history(['workload:db-9', '--state', m.stateDir], none), 1);
  assert.match(none.errors[0]!, /no events for workload:db-9/);
  await assert.rejects(history(['widget/x', '--state', m.stateDir], capture()), /'widget' is not a kind/);
  await assert.rejects(history(['web-1', '--state', join(m.stateDir, 'nope')], capture()), /no event log/);
  await assert.rejects(history([], capture()), /exactly one THING/);
});

test('stream queries accept the natural short forms', () => {
  const m = (q: string, s: string) => parseStreamQuery(q).matches(s);
  assert.ok(m('server/web-1', 'workload:web-1'));
  assert.ok(m('vm:web-1', 'workload:web-1'));
  assert.ok(m('node/compute-2', 'node:compute-2'));
  assert.ok(m('networks/net-a', 'resource:network/net-a'));
  assert.ok(m('security-group/web', 'resource:security_group/web'));
  assert.ok(m('resource:subnet/sub-a', 'resource:subnet/sub-a'));
  assert.ok(m('commit:abc', 'commit:abcdef'));
  assert.ok(m('volume:data', 'volume:data'));
  assert.ok(m('net-a', 'resource:network/net-a'));
  assert.ok(!m('net-a', 'resource:network/x/net-a'));
  assert.ok(!m('web-1', 'workload:web-10'));
});

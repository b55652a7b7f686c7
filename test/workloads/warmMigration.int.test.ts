/**
 * Warm migration end to end on the simulated clouds: db-1 (a boot volume and a data volume) is
 * pre-copied while it runs, its guest writes chunks to both disks (written here straight into
 * the volumes' backing files), a refresh pass sends about those chunks, more writes follow, and
 * when the window opens the cutover stops the source and sends only the chunks changed since.
 * Afterwards every destination disk holds the source's final bytes, the downtime and its estimate
 * are in the log, and the source was never stopped while its window was closed.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseDocument } from 'yaml';
import { run as apply } from '../../src/commands/apply.js';
import { LogFollower } from '../../src/events/logFollower.js';
import { eventLogDir } from '../../src/events/stateDir.js';
import type { StoredEvent } from '../../src/events/store.js';
import { captureOutput } from '../apply/harness.js';
import { dropDetachedVolumes, fileSha256, serversOf, temporariesIn, useWorkloadRig, volumesOf } from './rig.js';

const CHUNK = 4 * 1024 * 1024;
/** A window that is closed now (the 1st of January); the test opens it with a commit. */
const CLOSED = '0 0 1 1 *';

const rig = useWorkloadRig({
  edit: async (dir) => {
    await dropDetachedVolumes(dir);
    await writeFile(join(dir, 'workloads.yaml'), [
      'version: 1', 'workloads:', '  - server: db-1', '    wave: 1', '    mode: warm', '    stopSource: true', '    window: cutover',
      '    warm:', '      refreshEvery: 1m', '      maxRefreshes: 1', '',
    ].join('\n'));
    await setCutoverWindow(dir, CLOSED);
  },
});

async function setCutoverWindow(dir: string, schedule: string): Promise<void> {
  const path = join(dir, 'stackshift.yaml');
  const doc = parseDocument(await readFile(path, 'utf8'));
  const windows = (doc.toJS() as { windows: Array<{ name: string }> }).windows;
  const at = windows.findIndex((w) => w.name === 'cutover');
  const window = { name: 'cutover', schedule, duration: '2h', timeZone: 'UTC' };
  if (at < 0) doc.addIn(['windows'], window);
  else doc.setIn(['windows', at], doc.createNode(window));
  await writeFile(path, doc.toString());
}

/** Overwrites `count` random 4 MiB-aligned chunks of a volume's first 64 MiB (a guest writing). */
function scribble(file: string, count: number): void {
  const fd = openSync(file, 'r+');
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(Math.random() * 16));
  for (const i of picked) writeSync(fd, randomBytes(CHUNK), 0, CHUNK, i * CHUNK);
  closeSync(fd);
}

async function events(state: string): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  await new LogFollower(eventLogDir(state)).poll((e) => void all.push(e));
  return all.filter((e) => e.stream === 'workload:db-1');
}

async function applyOnce(state: string): Promise<string> {
  const out = captureOutput();
  await apply(['--repo', rig().repo.dir, '--state', state], out);
  return out.text();
}

const running = () => serversOf(rig().sim.cloud('source')).find((s) => s.name === 'db-1')!.powerState === 1;
const DISKS = ['db-1-root', 'db-1-data'];
const sourceFile = (name: string) => volumesOf(rig().sim.cloud('source')).find((v) => v.name === name)!.backingFile;
const destinationFile = (name: string) => volumesOf(rig().sim.cloud('destination')).find((v) => v.name === name)!.backingFile;
const sentIn = (list: StoredEvent[]) => list.filter((e) => e.type === 'DiskCopied').reduce((sum, e) => sum + Number(e.data.bytesSent), 0);

test('warm: pre-copy while running, a refresh sends the changed chunks, the cutover only the rest', { timeout: 240_000 }, async () => {
  const state = join(rig().dir, 'state');
  const text = await applyOnce(state);
  assert.match(text, /db-1.*PreCopy|pre-copied/, text);
  assert.ok(running(), 'the source runs through the pre-copy');
  assert.deepEqual(temporariesIn(rig().sim.cloud('source')), [], 'the pre-copy\'s snapshots are released');
  for (const name of DISKS) assert.equal(await fileSha256(destinationFile(name)), await fileSha256(sourceFile(name)), `${name} pre-copied`);
  const afterPreCopy = await events(state);
  assert.ok(sentIn(afterPreCopy) > 0);

  // The guest writes 3 chunks to each disk; a minute later the refresh pass is due.
  for (const name of DISKS) scribble(sourceFile(name), 3);
  await sleep(61_000);
  await applyOnce(state);
  const refresh = (await events(state)).slice(afterPreCopy.length);
  assert.equal(sentIn(refresh), 6 * CHUNK, 'the refresh sent the six changed chunks and nothing else');
  assert.ok(refresh.some((e) => e.type === 'DiskCopied' && Number(e.data.bytesUnchanged) > 0));
  assert.ok(running(), 'still running: the window is closed');
  assert.deepEqual(temporariesIn(rig().sim.cloud('source')), []);

  // maxRefreshes: 1 — no further pass; more writes, then the window opens by a commit.
  for (const name of DISKS) scribble(sourceFile(name), 2);
  assert.match(await applyOnce(state), /cutover waits|pre-copied/);
  assert.ok(running());
  await setCutoverWindow(rig().repo.dir, '* * * * *');
  execFileSync('git', ['-C', rig().repo.dir, 'commit', '-qam', 'open the cutover window for db-1']);
  const before = (await events(state)).length;
  let out = '';
  for (let i = 0; i < 4 && !/db-1 \(wave 1\): Migrated/.test(out); i++) out = await applyOnce(state);
  assert.match(out, /db-1 \(wave 1\): Migrated/, out);

  const cutover = (await events(state)).slice(before);
  assert.equal(sentIn(cutover), 4 * CHUNK, 'the cutover sent only the four chunks written since the refresh');
  for (const name of DISKS) assert.equal(await fileSha256(destinationFile(name)), await fileSha256(sourceFile(name)), `${name} holds the final bytes`);
  const stopped = cutover.find((e) => e.type === 'SourceServerStopped');
  assert.ok(typeof stopped?.data.estimatedDowntimeMs === 'number', 'the stop recorded the expected downtime');
  const migrated = cutover.find((e) => e.type === 'WorkloadMigrated');
  assert.ok(Number(migrated?.data.downtimeMs) > 0, 'the downtime was measured');
  assert.equal(running(), false, 'the source stays SHUTOFF after the cutover');
  assert.deepEqual(temporariesIn(rig().sim.cloud('source')), []);
});

/**
 * A detached volume's decider as a given/when/then table, with no I/O: given the facts on its
 * stream `volume:<name>`, when deciding with its spec (or none, once it left the snapshot), then
 * this step, block or done — the chain through a pair, the image path, resume after a crash, the
 * roll-back and the confirmed deletion of its copy.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConversionHostPair } from '../../src/desired/model.js';
import type { StoredEvent } from '../../src/events/store.js';
import type { Decision } from '../../src/workflows/decision.js';
import { decideVolume } from '../../src/workflows/volume/decide.js';
import { VOLUME_DISK, type VolumeSpec } from '../../src/workflows/volume/spec.js';
import { evolveVolume, initialVolumeState } from '../../src/workflows/volume/state.js';

const pair = { name: 'pair-1' } as ConversionHostPair;
const disk = { key: VOLUME_DISK, role: 'data' as const, sourceVolumeId: 'v-src', sizeGb: 20, name: 'backup-vol', description: null, bootable: false, device: '/dev/vdb' };
const viaHosts = { owner: 'volume-backup-vol', name: 'backup-vol', disk, disks: [disk], pair, dataCopy: true, copyVia: 'conversion-hosts', copiesAtOnce: 2 } as unknown as VolumeSpec;
const viaImage = { ...viaHosts, copyVia: 'image' } as VolumeSpec;
const d = (data: Record<string, unknown>) => ({ disk: VOLUME_DISK, ...data });

const prepared: Array<[string, Record<string, unknown>]> = [
  ['VolumePreflightPassed', { sourceVolumeId: 'v-src', bytesTotal: 20 * 2 ** 30 }],
  ['DiskSnapshotted', d({ snapshotId: 's1' })], ['TemporaryVolumeCreated', d({ volumeId: 't1' })], ['TemporaryVolumeAttached', d({ volumeId: 't1' })],
  ['DestinationVolumeCreated', d({ volumeId: 'dst1' })], ['DestinationVolumeAttached', d({ volumeId: 'dst1' })],
];
const copied: Array<[string, Record<string, unknown>]> = [...prepared, ['DiskCopied', d({ sha256: 'abc', bytesSent: 8, bytesSkipped: 0, durationMs: 1 })], ['DisksDetached', {}], ['VolumeVerified', { volumeId: 'dst1', checks: [] }]];
const migrated: Array<[string, Record<string, unknown>]> = [...copied, ['TemporariesRemoved', { removed: [] }], ['VolumeMigrated', { volumeId: 'dst1', bytesSent: 8, durationMs: 1 }]];

function decide(events: Array<[string, Record<string, unknown>]>, desired: VolumeSpec | undefined, confirmed: string[] = []): Decision {
  const state = events.reduce((s, [type, data], version) => {
    const event: StoredEvent = { id: `e${version}`, stream: 'volume:backup-vol', type, version, position: version, time: '2026-12-05T10:00:00.000Z', commit: 'c1', data };
    return evolveVolume(s, event);
  }, initialVolumeState());
  return decideVolume(state, { id: 'backup-vol', desired, now: 0, commit: 'c1', confirmed: (action, target) => confirmed.includes(`${action}:${target}`) });
}
const next = (decision: Decision) => (decision.kind === 'run' ? `${decision.activity.type}${decision.slot ? ` [${decision.slot}]` : ''}` : decision.kind);

test('through a pair: preflight, prepare, copy in the pair slot, detach, verify, clean up, done', () => {
  assert.equal(next(decide([], viaHosts)), 'preflight');
  assert.equal(next(decide(prepared.slice(0, 1), viaHosts)), 'prepare-disk');
  assert.equal(next(decide(prepared.slice(0, 4), viaHosts)), 'prepare-disk', 'a crash before the destination volume: prepare again');
  assert.equal(next(decide(prepared, viaHosts)), 'copy-disks [pair:pair-1]');
  assert.equal(next(decide([...prepared, ['DiskCopyProgressed', d({ verifiedOffset: 4096, bytesTotal: 1, bytesSent: 1, bytesSkipped: 0, rateBytesPerSec: 1 })]], viaHosts)), 'copy-disks [pair:pair-1]', 'a copy resumes');
  assert.equal(next(decide(copied.slice(0, -2), viaHosts)), 'detach-disks');
  assert.equal(next(decide(copied.slice(0, -1), viaHosts)), 'verify');
  assert.equal(next(decide(copied, viaHosts)), 'cleanup');
  assert.match(JSON.stringify(decide(migrated, viaHosts)), /"kind":"done","reason":"migrated: backup-vol \(20 GiB\)/);
});

test('the image path needs no pair: prepare uploads, copy streams in the images slot', () => {
  assert.equal(next(decide([], { ...viaImage, pair: undefined } as unknown as VolumeSpec)), 'preflight');
  assert.equal(next(decide(prepared.slice(0, 1), viaImage)), 'prepare-disk');
  assert.equal(next(decide([...prepared.slice(0, 3), ['DiskImageUploaded', d({ imageId: 'i1' })]], viaImage)), 'copy-disks [images]');
  const noPair = decide([], { ...viaHosts, pair: undefined } as unknown as VolumeSpec);
  assert.equal(noPair.kind, 'blocked');
});

test('left the snapshot: rolled back before its migration, kept after it until a delete-destination-volume confirmation', () => {
  assert.equal(next(decide([], undefined)), 'done');
  assert.equal(next(decide(prepared.slice(0, 1), undefined)), 'done', 'a preflight alone made nothing');
  assert.equal(next(decide(prepared.slice(0, 2), undefined)), 'roll-back');
  assert.equal(next(decide([...prepared, ['VolumeRolledBack', { removed: [] }]], undefined)), 'done');
  const kept = decide(migrated, undefined);
  assert.equal(kept.kind, 'blocked');
  assert.match(kept.kind === 'blocked' ? kept.fix : '', /\{action: delete-destination-volume, target: backup-vol\}/);
  assert.equal(next(decide(migrated, undefined, ['delete-destination-volume:backup-vol'])), 'delete-destination');
  assert.equal(next(decide([...migrated, ['DestinationVolumeDeleted', { volumeId: 'dst1' }]], undefined, ['delete-destination-volume:backup-vol'])), 'done');
  assert.equal(next(decide([...migrated, ['DestinationVolumeDeleted', { volumeId: 'dst1' }]], viaHosts)), 'preflight', 'back in the snapshot, it is copied again');
});

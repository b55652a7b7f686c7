/**
 * Detached volume migration as a workflow family: one item per volume of
 * snapshots/detached_volumes.yml, on stream `volume:<name>`, without waves or windows (no server
 * stops). Its copy is a one-disk run of the workload's disk steps — prepare-disk, copy-disks
 * (chunked, checksummed, resumable, in the pair's slots and the bandwidth budget) and
 * detach-disks — so the volume's own files are only what differs: facts (events.ts), fold
 * (state.ts), next step (decide.ts), and preflight, verify, cleanup, roll-back and the confirmed
 * deletion of its copy (steps/).
 */
import type { ItemPart, WorkflowModule } from '../module.js';
import { copyDisks } from '../workload/steps/copyDisks.js';
import type { WorkloadPorts } from '../workload/steps/context.js';
import { detachDisks } from '../workload/steps/detachDisks.js';
import { prepareDisk } from '../workload/steps/prepareDisk.js';
import { copyDisksViaImage } from '../workload/steps/viaImage.js';
import { decideVolume, type VolumeActivity } from './decide.js';
import { desiredVolumes, VOLUME_DISK, volumeBytes, type VolumeSpec } from './spec.js';
import { evolveVolume, initialVolumeState, type VolumeState } from './state.js';
import { cleanupVolume } from './steps/cleanup.js';
import type { VolumeContext } from './steps/context.js';
import { deleteDestinationVolume } from './steps/deleteDestination.js';
import { preflightVolume } from './steps/preflight.js';
import { rollBackVolume } from './steps/rollBack.js';
import { verifyVolume } from './steps/verify.js';

const PHASES = ['Preflight', 'Prepare', 'Copy', 'Verify', 'Cleanup'] as const;

function phaseOf(s: VolumeState): string {
  if (s.migrated) return 'Migrated';
  if (s.verified) return 'Cleanup';
  const d = s.disks[VOLUME_DISK];
  if (d?.sha256) return 'Verify';
  if (d?.destAttached || d?.uploadedImageId) return 'Copy';
  if (s.preflight) return 'Prepare';
  if (s.destinationDeleted) return 'Deleted';
  return s.rolledBack ? 'RolledBack' : 'Preflight';
}

/** Its one plan line below the item: what the destination volume will be. */
function volumePart(s: VolumeState, spec: VolumeSpec): ItemPart {
  const d = s.disks[VOLUME_DISK];
  const bytesTotal = volumeBytes(spec);
  const note = [
    'detached volume', ...(spec.disk.volumeType ? [`type ${spec.disk.volumeType}`] : []), ...(spec.disk.availabilityZone ? [`zone ${spec.disk.availabilityZone}`] : []),
    spec.copyVia === 'image' ? 'via Glance' : `through ${spec.pair?.name ?? 'no pair'}`, ...(d?.sha256 ? ['copied and verified'] : []),
  ];
  return { name: `volume ${spec.name}`, bytesTotal, bytesDone: d?.sha256 || s.migrated ? bytesTotal : (d?.verifiedOffset ?? 0), note: note.join(', ') };
}

const steps: Record<VolumeActivity['type'], (ctx: VolumeContext, activity: VolumeActivity) => Promise<void>> = {
  preflight: (ctx) => preflightVolume(ctx),
  'prepare-disk': (ctx, a) => prepareDisk(ctx, a.disk ?? VOLUME_DISK),
  'copy-disks': (ctx) => (ctx.desired?.copyVia === 'image' ? copyDisksViaImage(ctx) : copyDisks(ctx)),
  'detach-disks': (ctx) => detachDisks(ctx),
  verify: (ctx) => verifyVolume(ctx),
  cleanup: (ctx) => cleanupVolume(ctx),
  'roll-back': (ctx) => rollBackVolume(ctx),
  'delete-destination': (ctx) => deleteDestinationVolume(ctx),
};

export const volumeMigration: WorkflowModule<VolumeState, VolumeSpec, VolumeActivity, WorkloadPorts> = {
  name: 'volume',
  entity: 'Volume',
  streamPrefix: 'volume:',
  desired: desiredVolumes,
  initialState: initialVolumeState,
  evolve: evolveVolume,
  decide: decideVolume,
  progress(state, desired) {
    const phase = phaseOf(state);
    const at = PHASES.indexOf(phase as (typeof PHASES)[number]);
    const bytesTotal = desired ? volumeBytes(desired) : state.preflight?.bytesTotal;
    const part = desired ? volumePart(state, desired) : undefined;
    // Without the spec (a reader of the log alone): copied and verified means all of it.
    const done = part ? part.bytesDone : state.migrated || state.disks[VOLUME_DISK]?.sha256 ? bytesTotal : state.disks[VOLUME_DISK]?.verifiedOffset;
    return {
      phase,
      remaining: at < 0 ? [] : PHASES.slice(at + 1),
      started: state.started,
      ...(bytesTotal !== undefined ? { bytesTotal } : {}),
      ...(done ? { bytesDone: done } : {}),
      ...(part ? { parts: [part] } : {}),
    };
  },
  execute: (activity, ctx) => steps[activity.type](ctx, activity),
};

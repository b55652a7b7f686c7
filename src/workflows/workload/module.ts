/**
 * Workload migration as a workflow family: one item per workload selected in workloads.yaml, on
 * stream `workload:<server>`, in waves. Cold migration through a conversion-host pair:
 * the facts are in events.ts, the fold in state.ts, the next step in decide.ts, and each step in
 * steps/ (one file per step kind). The runner gives every step its abort signal, slot and clock.
 */
import type { ItemPart, WorkflowModule } from '../module.js';
import { decideWorkload, type WorkloadActivity } from './decide.js';
import { desiredWorkloads, totalBytes, type WorkloadSpec } from './spec.js';
import { evolveWorkload, initialWorkloadState, type DiskState, type WorkloadState } from './state.js';
import { estimateText, holdsSnapshot, lastPassAt, passesOf } from './warm.js';
import type { WorkloadContext, WorkloadPorts } from './steps/context.js';
import { cleanup } from './steps/cleanup.js';
import { copyDisks } from './steps/copyDisks.js';
import { copyDisksViaImage } from './steps/viaImage.js';
import { createPorts } from './steps/createPorts.js';
import { createServer } from './steps/createServer.js';
import { detachDisks } from './steps/detachDisks.js';
import { preflight } from './steps/preflight.js';
import { prepareDisk } from './steps/prepareDisk.js';
import { releaseSnapshots } from './steps/releaseSnapshots.js';
import { rollBack } from './steps/rollBack.js';
import { deleteSource } from './steps/deleteSource.js';
import { stopSource } from './steps/stopSource.js';
import { verify } from './steps/verify.js';

const PHASES = ['Preflight', 'Cutover', 'Prepare', 'Copy', 'Boot', 'Verify', 'Cleanup'] as const;
/** A warm workload pre-copies (passes while its source runs) before its cutover. */
const WARM_PHASES = ['Preflight', 'PreCopy', 'Cutover', 'Prepare', 'Copy', 'Boot', 'Verify', 'Cleanup'] as const;
type Phase = (typeof WARM_PHASES)[number];

function phaseOf(s: WorkloadState): Phase | 'Migrated' | 'RolledBack' {
  if (s.migrated) return 'Migrated';
  if (!s.sourceStopped && Object.values(s.disks).some((d) => holdsSnapshot(d) || (d.passes ?? 0) > 0)) return 'PreCopy';
  if (s.verified) return 'Cleanup';
  if (s.serverId) return 'Verify';
  if (s.detached) return 'Boot';
  const disks = Object.values(s.disks);
  if (disks.some((d) => d.destAttached)) return 'Copy';
  if (s.sourceStopped) return 'Prepare';
  if (s.preflight) return 'Cutover';
  return s.rolledBack ? 'RolledBack' : 'Preflight';
}

const ago = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : ms < 7_200_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`);
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/** A warm workload's pre-copy as one plan line: bytes pre-copied, the last pass's age and delta, the downtime to expect. */
function preCopyPart(state: WorkloadState, spec: WorkloadSpec, now: number | undefined): ItemPart[] {
  const passes = passesOf(state, spec);
  if (spec.selection.mode !== 'warm' && passes === 0) return [];
  const bytesTotal = totalBytes(spec);
  const done = spec.disks.reduce((sum, d) => sum + ((state.disks[d.key]?.passes ?? 0) > 0 ? d.sizeGb * 1024 ** 3 : 0), 0);
  const last = lastPassAt(state);
  const changed = Object.values(state.disks).reduce((sum, d) => sum + (d.lastPass?.bytesSent ?? 0), 0);
  const estimate = estimateText(state, spec);
  const note = passes === 0
    ? 'pre-copy while the source runs; the cutover then sends only what changed'
    : [
      `${passes} pass(es)`,
      last !== undefined ? `last ${now !== undefined ? `${ago(Math.max(0, now - last))} ago` : `at ${new Date(last).toISOString()}`}, ${mib(changed)} sent in it` : '',
      estimate !== undefined && !state.sourceStopped ? `cutover downtime ${estimate}` : '',
      spec.selection.mode === 'cold' ? 'switched to cold: the pre-copied bytes are kept for the cutover' : '',
    ].filter(Boolean).join(', ');
  return [{ name: 'pre-copy', bytesTotal, bytesDone: done, note }];
}

/** A disk's bytes in the destination: all once copied, or pre-copied and between passes; else how far this pass is. */
function diskBytesDone(d: DiskState, bytesTotal: number): number {
  if (d.sha256 || (d.verifiedOffset === 0 && (d.passes ?? 0) > 0)) return bytesTotal;
  return d.verifiedOffset;
}

/** One plan line per disk: the destination volume it becomes, its size and how far its copy is. */
function diskParts(state: WorkloadState, spec: WorkloadSpec, now?: number): ItemPart[] {
  const image: ItemPart[] = spec.bootImage
    ? [{ name: 'root disk', bytesTotal: 0, bytesDone: 0, note: `not copied: boots from image ${spec.bootImage}; changes made to the source's root disk are not kept` }]
    : [];
  return [...image, ...preCopyPart(state, spec, now), ...spec.disks.map((disk) => {
    const d = state.disks[disk.key];
    const bytesTotal = disk.sizeGb * 1024 ** 3;
    const what = [
      disk.role === 'root' ? (disk.sourceVolumeId ? 'boot volume' : 'root disk via a Nova image') : `data volume ${disk.device}`,
      ...(disk.volumeType ? [`type ${disk.volumeType}`] : []),
      ...(disk.availabilityZone ? [`zone ${disk.availabilityZone}`] : []),
      ...(d?.sha256 ? ['copied and verified'] : []),
      ...(spec.dataCopy ? [] : [disk.precreatedVolumeId ? `not copied: the pre-created volume ${disk.precreatedVolumeId} is used` : 'not copied: created empty (dataCopy: false)']),
    ];
    return { name: `volume ${disk.name}`, bytesTotal, bytesDone: d ? diskBytesDone(d, bytesTotal) : 0, note: what.join(', ') };
  })];
}

const steps: Record<WorkloadActivity['type'], (ctx: WorkloadContext, activity: WorkloadActivity) => Promise<void>> = {
  preflight: (ctx) => preflight(ctx),
  'stop-source': (ctx) => stopSource(ctx),
  'prepare-disk': (ctx, a) => prepareDisk(ctx, a.disk!),
  'copy-disks': (ctx) => (ctx.desired?.copyVia === 'image' ? copyDisksViaImage(ctx) : copyDisks(ctx)),
  'release-snapshots': (ctx) => releaseSnapshots(ctx),
  'detach-disks': (ctx) => detachDisks(ctx),
  'create-ports': (ctx) => createPorts(ctx),
  'create-server': (ctx) => createServer(ctx),
  verify: (ctx) => verify(ctx),
  cleanup: (ctx) => cleanup(ctx),
  'roll-back': (ctx) => rollBack(ctx),
  'delete-source': (ctx) => deleteSource(ctx),
  // The roll-back after cutover: the same removal, which then includes the destination server.
  'undo-cutover': (ctx) => rollBack(ctx),
};

export const workloadMigration: WorkflowModule<WorkloadState, WorkloadSpec, WorkloadActivity, WorkloadPorts> = {
  name: 'workload',
  entity: 'Workload',
  streamPrefix: 'workload:',
  desired: desiredWorkloads,
  initialState: initialWorkloadState,
  evolve: evolveWorkload,
  decide: decideWorkload,
  progress(state, desired, now) {
    const phase = phaseOf(state);
    const phases: readonly string[] = desired?.selection.mode === 'warm' || phase === 'PreCopy' ? WARM_PHASES : PHASES;
    const at = phases.indexOf(phase);
    const bytesTotal = desired ? totalBytes(desired) : state.preflight?.bytesTotal;
    const sizes = new Map(desired?.disks.map((d) => [d.key, d.sizeGb * 1024 ** 3]));
    const bytesDone = Object.entries(state.disks).reduce((sum, [key, d]) => sum + diskBytesDone(d, sizes.get(key) ?? d.verifiedOffset), 0);
    return {
      phase,
      remaining: at < 0 ? [] : phases.slice(at + 1),
      started: state.started,
      ...(bytesTotal !== undefined ? { bytesTotal } : {}),
      ...(bytesDone > 0 || state.migrated ? { bytesDone: state.migrated ? (bytesTotal ?? bytesDone) : bytesDone } : {}),
      ...(desired ? { parts: diskParts(state, desired, now) } : {}),
    };
  },
  execute: (activity, ctx) => steps[activity.type](ctx, activity),
};

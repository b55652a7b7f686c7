/**
 * Workload migration as a workflow family: one item per workload selected in workloads.yaml, on
 * stream `workload:<server>`, in waves. Cold migration through a conversion-host pair:
 * the facts are in events.ts, the fold in state.ts, the next step in decide.ts, and each step in
 * steps/ (one file per step kind). The runner gives every step its abort signal, slot and clock.
 */
import type { ItemPart, WorkflowModule } from '../module.js';
import { decideWorkload, type WorkloadActivity } from './decide.js';
import { desiredWorkloads, totalBytes, type WorkloadSpec } from './spec.js';
import { evolveWorkload, initialWorkloadState, type WorkloadState } from './state.js';
import type { WorkloadContext, WorkloadPorts } from './steps/context.js';
import { cleanup } from './steps/cleanup.js';
import { copyDisks } from './steps/copyDisks.js';
import { copyDisksViaImage } from './steps/viaImage.js';
import { createPorts } from './steps/createPorts.js';
import { createServer } from './steps/createServer.js';
import { detachDisks } from './steps/detachDisks.js';
import { preflight } from './steps/preflight.js';
import { prepareDisk } from './steps/prepareDisk.js';
import { rollBack } from './steps/rollBack.js';
import { deleteSource } from './steps/deleteSource.js';
import { stopSource } from './steps/stopSource.js';
import { verify } from './steps/verify.js';

const PHASES = ['Preflight', 'Cutover', 'Prepare', 'Copy', 'Boot', 'Verify', 'Cleanup'] as const;

function phaseOf(s: WorkloadState): (typeof PHASES)[number] | 'Migrated' | 'RolledBack' {
  if (s.migrated) return 'Migrated';
  if (s.verified) return 'Cleanup';
  if (s.serverId) return 'Verify';
  if (s.detached) return 'Boot';
  const disks = Object.values(s.disks);
  if (disks.some((d) => d.destAttached)) return 'Copy';
  if (s.sourceStopped) return 'Prepare';
  if (s.preflight) return 'Cutover';
  return s.rolledBack ? 'RolledBack' : 'Preflight';
}

/** One plan line per disk: the destination volume it becomes, its size and how far its copy is. */
function diskParts(state: WorkloadState, spec: WorkloadSpec): ItemPart[] {
  const image: ItemPart[] = spec.bootImage
    ? [{ name: 'root disk', bytesTotal: 0, bytesDone: 0, note: `not copied: boots from image ${spec.bootImage}; changes made to the source's root disk are not kept` }]
    : [];
  return [...image, ...spec.disks.map((disk) => {
    const d = state.disks[disk.key];
    const bytesTotal = disk.sizeGb * 1024 ** 3;
    const what = [
      disk.role === 'root' ? (disk.sourceVolumeId ? 'boot volume' : 'root disk via a Nova image') : `data volume ${disk.device}`,
      ...(disk.volumeType ? [`type ${disk.volumeType}`] : []),
      ...(disk.availabilityZone ? [`zone ${disk.availabilityZone}`] : []),
      ...(d?.sha256 ? ['copied and verified'] : []),
      ...(spec.dataCopy ? [] : [disk.precreatedVolumeId ? `not copied: the pre-created volume ${disk.precreatedVolumeId} is used` : 'not copied: created empty (dataCopy: false)']),
    ];
    return { name: `volume ${disk.name}`, bytesTotal, bytesDone: d?.sha256 ? bytesTotal : (d?.verifiedOffset ?? 0), note: what.join(', ') };
  })];
}

const steps: Record<WorkloadActivity['type'], (ctx: WorkloadContext, activity: WorkloadActivity) => Promise<void>> = {
  preflight: (ctx) => preflight(ctx),
  'stop-source': (ctx) => stopSource(ctx),
  'prepare-disk': (ctx, a) => prepareDisk(ctx, a.disk!),
  'copy-disks': (ctx) => (ctx.desired?.copyVia === 'image' ? copyDisksViaImage(ctx) : copyDisks(ctx)),
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
  progress(state, desired) {
    const phase = phaseOf(state);
    const at = PHASES.indexOf(phase as (typeof PHASES)[number]);
    const bytesTotal = desired ? totalBytes(desired) : state.preflight?.bytesTotal;
    const bytesDone = Object.values(state.disks).reduce((sum, d) => sum + d.verifiedOffset, 0);
    return {
      phase,
      remaining: at < 0 ? [] : PHASES.slice(at + 1),
      started: state.started,
      ...(bytesTotal !== undefined ? { bytesTotal } : {}),
      ...(bytesDone > 0 || state.migrated ? { bytesDone: state.migrated ? (bytesTotal ?? bytesDone) : bytesDone } : {}),
      ...(desired ? { parts: diskParts(state, desired) } : {}),
    };
  },
  execute: (activity, ctx) => steps[activity.type](ctx, activity),
};

/**
 * The next step of one workload, from its state and what the desired state asks — pure, so plan
 * shows exactly what apply will do and a test is a table. The chain (each step idempotent, each
 * fact a resume point):
 *
 *   preflight → [window] → stop-source → prepare-disk × N → copy-disks → detach-disks
 *     → create-ports → create-server → verify → cleanup → done
 *
 * Deselected (git revert) before the destination server exists: roll-back removes what was made
 * and starts the source again if stackshift stopped it. After it exists, the way back needs a
 * person (start the source; the destination server is deleted only with a confirmation).
 */
import { windowState } from '../../schedule/window.js';
import { blocked, done, run, wait, type Activity, type Decision } from '../decision.js';
import type { DecideInput } from '../module.js';
import type { WorkloadSpec } from './spec.js';
import type { WorkloadState } from './state.js';

export type WorkloadStep = 'delete-source' | 'undo-cutover' | 'preflight' | 'stop-source' | 'prepare-disk' | 'copy-disks' | 'detach-disks' | 'create-ports' | 'create-server' | 'verify' | 'cleanup' | 'roll-back';

export interface WorkloadActivity extends Activity {
  type: WorkloadStep;
  /** The disk a prepare-disk step is about. */
  disk?: string;
}

const step = (type: WorkloadStep, title: string, extra: Partial<WorkloadActivity> = {}, slot?: string): Decision<WorkloadActivity> => run({ type, title, ...extra }, slot);
const gib = (gb: number) => `${gb} GiB`;

/** Whether anything exists in a cloud because of this workload (what a roll-back must remove). */
function madeAnything(s: WorkloadState): boolean {
  return s.stoppedByStackshift || Object.keys(s.ports).length > 0 || Object.values(s.disks).some((d) => d.snapshotId || d.imageId || d.tempVolumeId || d.destVolumeId);
}

export function decideWorkload(s: WorkloadState, input: DecideInput<WorkloadSpec>): Decision<WorkloadActivity> {
  const spec = input.desired;
  if (spec === undefined) {
    if (s.serverId && !s.rolledBack) {
      if (input.id !== undefined && input.confirmed?.('delete-destination-server', input.id)) {
        return step('undo-cutover', `undo the cutover of ${input.id}: delete its destination server, ports and volumes${s.stoppedByStackshift && !s.sourceDeleted ? ', start the source server' : ''} (delete-destination-server confirmed)`);
      }
      return blocked(
        'deselected after cutover: the workload runs in the destination and its source is SHUTOFF',
        'to go back, start the source server by hand; the destination server is deleted only with a delete-destination-server confirmation, or select the workload again',
      );
    }
    if (madeAnything(s)) return step('roll-back', 'roll back: remove temporaries and destination volumes and ports, restart the source if stackshift stopped it');
    return done(s.rolledBack ? 'rolled back: the source server runs as before' : 'not selected; nothing was changed');
  }
  const name = spec.selection.server;
  if (s.migrated) {
    const migrated = `migrated: ${name} runs in the destination (downtime ${Math.round(s.migrated.downtimeMs / 1000)} s)`;
    if (s.sourceDeleted) return done(`${migrated}; its source server is deleted`);
    if (input.confirmed?.('delete-source-server', name)) return step('delete-source', `delete source server ${name} (delete-source-server confirmed)`);
    return done(`${migrated}; the source stays SHUTOFF until a delete-source-server confirmation`);
  }
  const viaHosts = spec.dataCopy && spec.copyVia === 'conversion-hosts';
  if (viaHosts && !spec.pair) return blocked(`no conversion-host pair to copy ${name}'s disks through`, 'add a conversionHosts pair to stackshift.yaml, or use copyVia: image');
  if (!s.preflight) return step('preflight', `preflight ${name}: destination resources, quotas${viaHosts ? `, conversion hosts ${spec.pair!.name}` : ''}`);

  if (!s.sourceStopped) {
    if (spec.window) {
      const w = windowState(spec.window, input.now);
      if (!w.open) {
        return w.opensAt === undefined
          ? blocked(`window ${spec.window.name} never opens`, `fix the schedule of window ${spec.window.name} in stackshift.yaml`)
          : wait(`cutover waits for window ${spec.window.name}`, w.opensAt);
      }
    }
    return step('stop-source', spec.selection.stopSource ? `stop source server ${name}` : `wait for the owner to shut off ${name} (stopSource: false)`);
  }
  if (!spec.dataCopy) {
    for (const disk of spec.disks) {
      if (s.disks[disk.key]?.destVolumeId) continue;
      const what = disk.precreatedVolumeId ? `adopt the pre-created volume ${disk.precreatedVolumeId} as ${disk.name}` : `create ${disk.name} empty (${gib(disk.sizeGb)}; dataCopy: false)`;
      return step('prepare-disk', what, { disk: disk.key });
    }
    return boot(s, spec);
  }
  if (spec.copyVia === 'image') return viaImage(s, spec);
  for (const disk of spec.disks) {
    const d = s.disks[disk.key];
    if (!d?.tempAttached || !d.destAttached) return step('prepare-disk', `prepare disk ${disk.key} of ${name} (${gib(disk.sizeGb)}): snapshot, temporary and destination volumes, attach`, { disk: disk.key });
  }
  const toCopy = spec.disks.filter((disk) => !s.disks[disk.key]?.sha256);
  if (toCopy.length > 0) {
    const gb = toCopy.reduce((sum, disk) => sum + disk.sizeGb, 0);
    return step('copy-disks', `copy ${toCopy.length} disk(s) of ${name} (${gib(gb)}) through ${spec.pair!.name}`, {}, `pair:${spec.pair!.name}`);
  }
  if (!s.detached) return step('detach-disks', `detach ${name}'s volumes from the conversion hosts`);
  return boot(s, spec);
}

/** The image path: each disk uploaded to the source's Glance, then streamed and made a volume again. */
function viaImage(s: WorkloadState, spec: WorkloadSpec): Decision<WorkloadActivity> {
  const name = spec.selection.server;
  for (const disk of spec.disks) {
    const d = s.disks[disk.key];
    if (!d?.uploadedImageId && !(d?.imageId && !disk.sourceVolumeId)) {
      return step('prepare-disk', `prepare disk ${disk.key} of ${name} (${gib(disk.sizeGb)}): snapshot, image in the source's Glance`, { disk: disk.key });
    }
  }
  const toCopy = spec.disks.filter((disk) => !s.disks[disk.key]?.sha256);
  if (toCopy.length > 0) {
    const gb = toCopy.reduce((sum, disk) => sum + disk.sizeGb, 0);
    return step('copy-disks', `copy ${toCopy.length} disk(s) of ${name} (${gib(gb)}) Glance to Glance, then make the volumes`, {}, 'images');
  }
  return boot(s, spec);
}

/** Once the destination volumes hold what they should: ports, server, checks, clean-up. */
function boot(s: WorkloadState, spec: WorkloadSpec): Decision<WorkloadActivity> {
  const name = spec.selection.server;
  if (spec.ports.some((p) => !s.ports[p.index])) return step('create-ports', `create ${spec.ports.length} port(s) of ${name} with their IPs, MACs and security groups`);
  if (!s.serverId) return step('create-server', `create server ${name} in the destination`);
  if (!s.verified) return step('verify', `verify ${name}: ACTIVE, ports, volumes, checksums`);
  return step('cleanup', `remove ${name}'s snapshots and temporary volumes`);
}

/**
 * The next step of one workload, from its state and what the desired state asks — pure, so plan
 * shows exactly what apply will do and a test is a table. The chain (each step idempotent, each
 * fact a resume point):
 *
 *   preflight → [window] → stop-source → prepare-disk × N → copy-disks → detach-disks
 *     → create-ports → create-server → verify → cleanup → done
 *
 * A warm workload (warm.ts) copies its disks in passes while the source runs and takes this
 * chain once its window opens: the cutover's pass sends only what changed since the last one.
 * Snapshots taken while the source ran are released first (the final pass snapshots the stopped
 * disks) — also when a warm workload is switched to cold: its pre-copied bytes are kept.
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
import { decideWarmPass, estimateText, holdsSnapshot, passesOf } from './warm.js';

export type WorkloadStep = 'delete-source' | 'undo-cutover' | 'preflight' | 'stop-source' | 'prepare-disk' | 'copy-disks' | 'release-snapshots' | 'detach-disks' | 'create-ports' | 'create-server' | 'verify' | 'cleanup' | 'roll-back';

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
    if (madeAnything(s)) {
      const precopied = Object.values(s.disks).some((d) => (d.passes ?? 0) > 0 && !d.precreated);
      return step('roll-back', `roll back: remove temporaries and destination volumes${precopied ? ' (with their pre-copied bytes)' : ''} and ports, restart the source if stackshift stopped it`);
    }
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

  const precopied = passesOf(s, spec) > 0;
  if (!s.sourceStopped) {
    if (viaHosts && spec.selection.mode === 'warm') {
      const pass = decideWarmPass(s, spec, input.now);
      if (pass) return pass;
    }
    if (spec.window) {
      const w = windowState(spec.window, input.now);
      if (!w.open) {
        const kept = precopied ? '; the pre-copied bytes are kept and the cutover sends only what changed' : '';
        return w.opensAt === undefined
          ? blocked(`window ${spec.window.name} never opens`, `fix the schedule of window ${spec.window.name} in stackshift.yaml`)
          : wait(`cutover waits for window ${spec.window.name}${kept}`, w.opensAt);
      }
    }
    const estimate = precopied ? estimateText(s, spec) : undefined;
    const downtime = estimate !== undefined ? ` (downtime ${estimate})` : '';
    return step('stop-source', spec.selection.stopSource ? `stop source server ${name}${downtime}` : `wait for the owner to shut off ${name} (stopSource: false)${downtime}`);
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
  if (spec.disks.some((disk) => holdsSnapshot(s.disks[disk.key]) && !s.disks[disk.key]!.final)) {
    return step('release-snapshots', `release the snapshots taken while ${name} ran: the cutover's pass snapshots its stopped disks`);
  }
  for (const disk of spec.disks) {
    const d = s.disks[disk.key];
    if (!d?.tempAttached || !d.destAttached) return step('prepare-disk', `prepare disk ${disk.key} of ${name} (${gib(disk.sizeGb)}): snapshot, temporary and destination volumes, attach`, { disk: disk.key });
  }
  const toCopy = spec.disks.filter((disk) => !s.disks[disk.key]?.sha256);
  if (toCopy.length > 0) {
    const gb = toCopy.reduce((sum, disk) => sum + disk.sizeGb, 0);
    const what = precopied ? `send the chunks of ${name}'s ${toCopy.length} disk(s) changed since the pre-copy` : `copy ${toCopy.length} disk(s) of ${name} (${gib(gb)})`;
    return step('copy-disks', `${what} through ${spec.pair!.name}`, {}, `pair:${spec.pair!.name}`);
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

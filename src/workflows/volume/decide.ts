/**
 * The next step of one detached volume, from its state and what the snapshot asks — pure, so
 * plan shows exactly what apply will do. No window and no wave: nothing stops, the source volume
 * is only snapshotted. The chain (each step idempotent, each fact a resume point):
 *
 *   through a conversion-host pair:  preflight → prepare-disk → copy-disks → detach-disks → verify → cleanup
 *   through Glance (copyVia: image): preflight → prepare-disk → copy-disks → verify → cleanup
 *
 * prepare-disk, copy-disks and detach-disks are the workload's own steps (one disk, VOLUME_DISK).
 * Removed from the snapshot before it is migrated, it rolls back (its temporaries and the
 * destination volume stackshift made are deleted); after, its destination copy is deleted only
 * with a delete-destination-volume confirmation.
 */
import { blocked, done, run, type Activity, type Decision } from '../decision.js';
import type { DecideInput } from '../module.js';
import { VOLUME_DISK, type VolumeSpec } from './spec.js';
import type { VolumeState } from './state.js';

export type VolumeStep = 'preflight' | 'prepare-disk' | 'copy-disks' | 'detach-disks' | 'verify' | 'cleanup' | 'roll-back' | 'delete-destination';

export interface VolumeActivity extends Activity {
  type: VolumeStep;
  disk?: string;
}

const step = (type: VolumeStep, title: string, extra: Partial<VolumeActivity> = {}, slot?: string): Decision<VolumeActivity> => run({ type, title, ...extra }, slot);

/** Whether anything exists in a cloud because of this volume (what a roll-back must remove). */
function madeAnything(s: VolumeState): boolean {
  return Object.values(s.disks).some((d) => d.snapshotId || d.tempVolumeId || d.uploadedImageId || d.destImageId || d.destVolumeId);
}

function deselected(s: VolumeState, name: string, input: DecideInput<VolumeSpec>): Decision<VolumeActivity> {
  if (s.migrated) {
    if (input.confirmed?.('delete-destination-volume', name)) return step('delete-destination', `delete the destination volume ${name} (delete-destination-volume confirmed)`);
    return blocked(
      `${name} is no longer in snapshots/detached_volumes.yml, but it was migrated: its destination copy stays`,
      `to delete the copy, add {action: delete-destination-volume, target: ${name}} to policy.confirmations in stackshift.yaml; to keep it, restore ${name} in the snapshot`,
    );
  }
  if (madeAnything(s)) return step('roll-back', `roll back volume ${name}: remove its snapshot, temporary volume and images, and the destination volume stackshift made`);
  if (s.destinationDeleted) return done('its destination copy is deleted; the source volume is as it was');
  return done(s.rolledBack ? 'rolled back: nothing of it is left in the destination, the source volume is as it was' : 'not in the snapshot; nothing was changed');
}

export function decideVolume(s: VolumeState, input: DecideInput<VolumeSpec>): Decision<VolumeActivity> {
  const spec = input.desired;
  if (spec === undefined) return deselected(s, input.id ?? '?', input);
  const { name, pair } = spec;
  const size = `${spec.disk.sizeGb} GiB`;
  if (s.migrated) return done(`migrated: ${name} (${size}) is in the destination, its bytes verified`);
  const viaHosts = spec.copyVia === 'conversion-hosts';
  if (viaHosts && !pair) return blocked(`no conversion-host pair to copy volume ${name} through`, 'add a conversionHosts pair to stackshift.yaml, or set copyVia: image under defaults in workloads.yaml');
  if (!s.preflight) return step('preflight', `preflight volume ${name}: source volume, destination volume type, quotas and name${viaHosts ? `, conversion hosts ${pair!.name}` : ''}`);
  const d = s.disks[VOLUME_DISK];
  if (viaHosts) {
    if (!d?.tempAttached || !d.destAttached) return step('prepare-disk', `prepare volume ${name} (${size}): snapshot, temporary and destination volumes, attach`, { disk: VOLUME_DISK });
    if (!d.sha256) return step('copy-disks', `copy volume ${name} (${size}) through ${pair!.name}`, {}, `pair:${pair!.name}`);
    if (!s.detached) return step('detach-disks', `detach volume ${name}'s copies from the conversion hosts`);
  } else {
    if (!d?.uploadedImageId) return step('prepare-disk', `prepare volume ${name} (${size}): snapshot, image in the source's Glance`, { disk: VOLUME_DISK });
    if (!d.sha256) return step('copy-disks', `copy volume ${name} (${size}) Glance to Glance, then make the volume`, {}, 'images');
  }
  if (!s.verified) return step('verify', `verify volume ${name}: available, size, type, checksums`);
  return step('cleanup', `remove volume ${name}'s snapshot, temporary volume and images`);
}

/**
 * A detached volume's migration state, folded from its facts: the disk facts its copy shares with
 * a workload's disks (workload/diskFold.ts) and its own (events.ts). After a crash the same fold
 * gives the same state and decide.ts picks the same next step.
 */
import type { StoredEvent } from '../../events/store.js';
import { evolveDisks } from '../workload/diskFold.js';
import type { DiskState } from '../workload/state.js';
import type { VolumeEvents } from './events.js';
import { VOLUME_DISK } from './spec.js';

export interface VolumeState {
  preflight?: { sourceVolumes: Record<string, string>; bytesTotal: number };
  /** One entry, under VOLUME_DISK (spec.ts), once its copy has begun. */
  disks: Record<string, DiskState>;
  /** The temporary and destination volumes are off the conversion hosts. */
  detached: boolean;
  verified: boolean;
  migrated?: { volumeId: string; bytesSent: number };
  /** Its destination copy was deleted (delete-destination-volume confirmation). */
  destinationDeleted: boolean;
  rolledBack: boolean;
  started: boolean;
  startedAt?: number;
}

export const initialVolumeState = (): VolumeState => ({ disks: {}, detached: false, verified: false, destinationDeleted: false, rolledBack: false, started: false });

export function evolveVolume(state: VolumeState, event: StoredEvent): VolumeState {
  const s: VolumeState = { ...state, started: true, startedAt: state.startedAt ?? Date.parse(event.time) };
  const disks = evolveDisks(s.disks, event, Date.parse(event.time));
  if (disks) return { ...s, disks };
  switch (event.type as keyof VolumeEvents | 'DisksDetached' | 'TemporariesRemoved') {
    case 'VolumePreflightPassed': {
      const d = event.data as unknown as VolumeEvents['VolumePreflightPassed'];
      return { ...s, preflight: { sourceVolumes: { [VOLUME_DISK]: d.sourceVolumeId }, bytesTotal: d.bytesTotal } };
    }
    case 'DisksDetached':
      return { ...s, detached: true };
    case 'VolumeVerified':
      return { ...s, verified: true };
    case 'VolumeMigrated': {
      const d = event.data as unknown as VolumeEvents['VolumeMigrated'];
      return { ...s, migrated: { volumeId: d.volumeId, bytesSent: d.bytesSent } };
    }
    case 'DestinationVolumeDeleted':
      return { ...initialVolumeState(), destinationDeleted: true };
    case 'VolumeRolledBack':
      // Everything made for it is gone: if it comes back to the snapshot, it starts over.
      return { ...initialVolumeState(), rolledBack: true };
    default:
      return state;
  }
}

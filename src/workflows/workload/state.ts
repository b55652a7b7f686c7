/**
 * A workload's migration state, folded from its facts (events.ts). Nothing else is remembered:
 * after a crash the same fold gives the same state and decide.ts picks the same next step.
 */
import type { StoredEvent } from '../../events/store.js';
import { evolveDisks } from './diskFold.js';
import type { WorkloadEvents } from './events.js';

export interface DiskState {
  snapshotId?: string;
  imageId?: string;
  tempVolumeId?: string;
  tempAttached?: boolean;
  /** Image path: the disk as an image in the source (uploaded) and in the destination (copied). */
  uploadedImageId?: string;
  destImageId?: string;
  destVolumeId?: string;
  /** The operator pre-created it (dataCopy: false): never deleted by stackshift. */
  precreated?: boolean;
  destAttached?: boolean;
  verifiedOffset: number;
  bytesSent: number;
  bytesSkipped: number;
  rateBytesPerSec?: number;
  etaSeconds?: number;
  sha256?: string;
  /** Copies completed into the destination volume (a warm migration's passes; 1 for a cold one). */
  passes?: number;
  /** The last completed copy: when it ended, what it sent and what it found unchanged. */
  lastPass?: { at: number; bytesSent: number; bytesUnchanged: number; durationMs: number };
  /** The point-in-time copy was taken while the source was SHUTOFF: it is the cutover's. */
  final?: boolean;
}

export interface WorkloadState {
  preflight?: { sourceServerId: string; sourceVolumes: Record<string, string>; bytesTotal: number };
  sourceStopped: boolean;
  stoppedByStackshift: boolean;
  stoppedAt?: number;
  disks: Record<string, DiskState>;
  detached: boolean;
  ports: Record<number, { portId: string; macAddress: string }>;
  serverId?: string;
  floatingIps: string[];
  verified: boolean;
  /** When the destination was verified: the end of the downtime. */
  verifiedAt?: number;
  cleaned: boolean;
  migrated?: { downtimeMs: number; bytesSent: number };
  rolledBack: boolean;
  /** The source server was deleted (delete-source-server confirmation). */
  sourceDeleted: boolean;
  /** Any fact at all: the workload has begun (waves no longer hold it back). */
  started: boolean;
}

export const initialWorkloadState = (): WorkloadState => ({
  sourceStopped: false, stoppedByStackshift: false, disks: {}, detached: false, ports: {}, floatingIps: [], verified: false, cleaned: false, rolledBack: false, sourceDeleted: false, started: false,
});

export function evolveWorkload(state: WorkloadState, event: StoredEvent): WorkloadState {
  const s = { ...state, started: true };
  const at = Date.parse(event.time);
  const disks = evolveDisks(s.disks, event, at);
  if (disks) {
    // A snapshot taken once the source is stopped holds its last bytes: the cutover's pass.
    if (event.type === 'DiskSnapshotted') disks[String(event.data.disk)]!.final = s.sourceStopped;
    return { ...s, disks };
  }
  switch (event.type as keyof WorkloadEvents) {
    case 'WorkloadPreflightPassed': {
      const d = event.data as unknown as WorkloadEvents['WorkloadPreflightPassed'];
      return { ...s, preflight: d };
    }
    case 'SourceServerStopped': {
      const d = event.data as unknown as WorkloadEvents['SourceServerStopped'];
      return { ...s, sourceStopped: true, stoppedByStackshift: d.byStackshift, stoppedAt: at };
    }
    case 'DisksDetached':
      return { ...s, detached: true };
    case 'DestinationPortCreated': {
      const d = event.data as unknown as WorkloadEvents['DestinationPortCreated'];
      return { ...s, ports: { ...s.ports, [d.index]: { portId: d.portId, macAddress: d.macAddress } } };
    }
    case 'DestinationServerCreated':
      return { ...s, serverId: String(event.data.serverId) };
    case 'FloatingIpAssigned':
      return { ...s, floatingIps: [...s.floatingIps, String(event.data.address)] };
    case 'WorkloadVerified':
      return { ...s, verified: true, verifiedAt: at };
    case 'TemporariesRemoved':
      return { ...s, cleaned: true };
    case 'WorkloadMigrated': {
      const d = event.data as unknown as WorkloadEvents['WorkloadMigrated'];
      return { ...s, migrated: { downtimeMs: d.downtimeMs, bytesSent: d.bytesSent } };
    }
    case 'SourceServerDeleted':
      return { ...s, sourceDeleted: true };
    case 'SourceServerStarted':
      return { ...s, sourceStopped: false, stoppedByStackshift: false };
    case 'WorkloadRolledBack':
      // Everything made for the migration is gone: a later selection starts over.
      return { ...initialWorkloadState(), rolledBack: true, started: false };
    default:
      return state;
  }
}

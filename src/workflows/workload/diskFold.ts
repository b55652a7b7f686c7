/**
 * The facts about one disk's copy (events.ts: DiskSnapshotted … DiskCopied), folded into its
 * DiskState. Shared by the two families whose items copy disks: a workload (several disks, keyed
 * `root` or by volume name) and a detached volume (one disk), so both read their facts alike.
 */
import type { StoredEvent } from '../../events/store.js';
import type { WorkloadEvents } from './events.js';
import type { DiskState } from './state.js';

const emptyDisk = (): DiskState => ({ verifiedOffset: 0, bytesSent: 0, bytesSkipped: 0 });

/** The disks after a disk fact, or undefined when the event is not one. */
export function evolveDisks(disks: Record<string, DiskState>, event: StoredEvent, at: number): Record<string, DiskState> | undefined {
  const key = String(event.data.disk);
  const before = disks[key] ?? emptyDisk();
  if (event.type === 'DiskSnapshotReleased') {
    const { snapshotId: _s, imageId: _i, tempVolumeId: _t, tempAttached: _a, sha256: _h, final: _f, rateBytesPerSec: _r, etaSeconds: _e, ...kept } = before;
    return { ...disks, [key]: { ...kept, verifiedOffset: 0 } };
  }
  const change = diskChange(before, event, at);
  return change ? { ...disks, [key]: { ...before, ...change } } : undefined;
}

function diskChange(before: DiskState, event: StoredEvent, at: number): Partial<DiskState> | undefined {
  const data = event.data;
  switch (event.type as keyof WorkloadEvents) {
    case 'DiskSnapshotted': {
      const d = data as unknown as WorkloadEvents['DiskSnapshotted'];
      return { ...(d.snapshotId ? { snapshotId: d.snapshotId } : {}), ...(d.imageId ? { imageId: d.imageId } : {}) };
    }
    case 'TemporaryVolumeCreated':
      return { tempVolumeId: String(data.volumeId) };
    case 'DiskImageUploaded':
      return { uploadedImageId: String(data.imageId) };
    case 'DiskImageCopied':
      return { destImageId: String(data.imageId), bytesSent: before.bytesSent + Number(data.bytes ?? 0) };
    case 'TemporaryVolumeAttached':
      return { tempAttached: true };
    case 'DestinationVolumeCreated':
      return { destVolumeId: String(data.volumeId), ...(data.precreated === true ? { precreated: true } : {}) };
    case 'DestinationVolumeAttached':
      return { destAttached: true };
    case 'DiskCopyProgressed': {
      const d = data as unknown as WorkloadEvents['DiskCopyProgressed'];
      return { verifiedOffset: d.verifiedOffset, rateBytesPerSec: d.rateBytesPerSec, ...(d.etaSeconds !== undefined ? { etaSeconds: d.etaSeconds } : {}) };
    }
    case 'DiskCopied': {
      const d = data as unknown as WorkloadEvents['DiskCopied'];
      return {
        sha256: d.sha256, bytesSent: before.bytesSent + d.bytesSent, bytesSkipped: before.bytesSkipped + d.bytesSkipped,
        passes: (before.passes ?? 0) + 1, lastPass: { at, bytesSent: d.bytesSent, bytesUnchanged: d.bytesUnchanged ?? 0, durationMs: d.durationMs },
      };
    }
    default:
      return undefined;
  }
}

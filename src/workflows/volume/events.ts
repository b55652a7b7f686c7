/**
 * The facts of a detached volume's migration, on its stream `volume:<name>`. Its copy writes the
 * same disk facts as a workload's disks (workload/events.ts: DiskSnapshotted, TemporaryVolumeCreated,
 * … DiskCopied, DisksDetached, TemporariesRemoved), because the same steps make them true; these
 * are the volume's own. IDs are the clouds' own; no secret is ever part of one.
 */
export interface VolumeEvents {
  /** The source volume exists, the destination has room and no foreign volume of that name, the hosts answer. */
  VolumePreflightPassed: { sourceVolumeId: string; bytesTotal: number };
  /** The destination volume is available with the source's size, type and name, and its copy's digests matched. */
  VolumeVerified: { volumeId: string; checks: string[] };
  /** Copied, verified and every temporary removed: the destination volume is the migrated one. */
  VolumeMigrated: { volumeId: string; bytesSent: number; durationMs: number };
  /** Removed from the snapshot before it was migrated: everything made for it is gone. */
  VolumeRolledBack: { removed: string[] };
  /** Removed from the snapshot after it was migrated, with a delete-destination-volume confirmation. */
  DestinationVolumeDeleted: { volumeId: string };
}

export type VolumeEventType = keyof VolumeEvents;

export function volumeEvent<T extends VolumeEventType>(type: T, data: VolumeEvents[T]) {
  return { type, data: data as unknown as Record<string, unknown> };
}

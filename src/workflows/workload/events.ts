/**
 * The facts of a workload's migration, on its stream `workload:<server>`: each is written by the
 * step that made it true, right after it became true in a cloud or on a conversion host, and is
 * the resume point of the next step. IDs are the clouds' own; no secret is ever part of one.
 */
export interface WorkloadEvents {
  /** Everything needed exists and suffices; the source server and its volumes as found. */
  WorkloadPreflightPassed: { sourceServerId: string; sourceVolumes: Record<string, string>; bytesTotal: number };
  /**
   * The source server is SHUTOFF (`byStackshift`: stackshift stopped it, so a revert starts it
   * again). A warm cutover records the downtime it expected, to set against WorkloadMigrated's.
   */
  SourceServerStopped: { serverId: string; byStackshift: boolean; estimatedDowntimeMs?: number };
  /** A point-in-time copy of a disk: a Cinder snapshot, or a Nova image of an image-backed root disk. */
  DiskSnapshotted: { disk: string; snapshotId?: string; imageId?: string };
  TemporaryVolumeCreated: { disk: string; volumeId: string };
  /** Image path: the temporary volume uploaded to the source's Glance. */
  DiskImageUploaded: { disk: string; imageId: string };
  /** Image path: the source image's bytes are in a destination image (checked by size, MD5, SHA-512). */
  DiskImageCopied: { disk: string; imageId: string; bytes: number };
  TemporaryVolumeAttached: { disk: string; volumeId: string; serverId: string };
  /** `precreated`: the operator's volume, adopted (a roll-back leaves it). */
  DestinationVolumeCreated: { disk: string; volumeId: string; precreated?: boolean };
  DestinationVolumeAttached: { disk: string; volumeId: string; serverId: string };
  /** Verified and fsynced up to `verifiedOffset` on the destination (the resume point). */
  DiskCopyProgressed: { disk: string; verifiedOffset: number; bytesTotal: number; bytesSent: number; bytesSkipped: number; bytesUnchanged?: number; rateBytesPerSec: number; etaSeconds?: number };
  /** Both whole-disk digests matched. */
  /**
   * `sha256`: the whole-disk digest both hosts agreed on, or `glance-sha512:<hash>` on the image
   * path. `bytesUnchanged`: a later (delta) pass's chunks that the destination already held.
   */
  DiskCopied: { disk: string; sha256: string; bytesSent: number; bytesSkipped: number; durationMs: number; bytesUnchanged?: number };
  /**
   * A warm pass is over: its snapshot and temporary volume are gone from the source; the
   * destination volume keeps the bytes for the next (delta) pass.
   */
  DiskSnapshotReleased: { disk: string; removed: string[] };
  /** Temporary and destination volumes are detached from the conversion hosts. */
  DisksDetached: Record<string, never>;
  DestinationPortCreated: { index: number; portId: string; macAddress: string; fixedIps: Array<{ subnet_id: string; ip_address: string }> };
  DestinationServerCreated: { serverId: string };
  FloatingIpAssigned: { address: string; kept: boolean; portId: string };
  /** ACTIVE, ports with their IPs/MACs/groups, volumes attached, every disk's digest matched. */
  WorkloadVerified: { checks: string[] };
  /** Snapshots, temporary volumes and images are gone from the source cloud. */
  TemporariesRemoved: { removed: string[] };
  /** `downtimeMs`: source stopped → destination verified. */
  WorkloadMigrated: { serverId: string; downtimeMs: number; bytesSent: number };
  SourceServerStarted: { serverId: string };
  /** With a delete-source-server confirmation, after the migration. */
  SourceServerDeleted: { serverId: string };
  /** Deselected before cutover: everything stackshift made is gone and the source runs as before. */
  WorkloadRolledBack: { removed: string[] };
}

export type WorkloadEventType = keyof WorkloadEvents;

/** A workload fact, typed by the catalogue above. */
export function workloadEvent<T extends WorkloadEventType>(type: T, data: WorkloadEvents[T]) {
  return { type, data: data as unknown as Record<string, unknown> };
}

/**
 * Cinder's entities as the simulator keeps them. A volume's bytes live in a sparse backing file
 * (`backingFile`) so that a 100 GB volume costs no RAM and a conversion host can dd into it.
 */
export interface Volume {
  id: string;
  projectId: string;
  userId: string;
  name: string | null;
  description: string | null;
  size: number; // GiB
  status: string; // creating available attaching in-use detaching deleting error downloading uploading maintenance
  volumeTypeId: string;
  availabilityZone: string;
  bootable: boolean;
  multiattach: boolean;
  metadata: Record<string, string>;
  imageMetadata: Record<string, string> | null; // volume_image_metadata when made from an image
  snapshotId: string | null;
  sourceVolid: string | null;
  createdAt: string;
  updatedAt: string | null;
  backingFile: string;
  host: string;
}

/** One Cinder attachment (the v3 attachments API and Nova's attach both make these). */
export interface Attachment {
  id: string;
  volumeId: string;
  projectId: string;
  instanceUuid: string | null;
  status: 'reserved' | 'attaching' | 'attached' | 'detached';
  attachMode: 'rw' | 'ro';
  connector: Record<string, unknown> | null;
  mountpoint: string | null;
  attachedAt: string | null;
  detachedAt: string | null;
}

export interface Snapshot {
  id: string;
  volumeId: string;
  projectId: string;
  userId: string;
  name: string | null;
  description: string | null;
  size: number;
  status: string; // creating available deleting error
  metadata: Record<string, string>;
  createdAt: string;
  updatedAt: string | null;
  backingFile: string;
}

export interface VolumeType {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

export const DEFAULT_CINDER_QUOTA: Record<string, number> = {
  volumes: 10,
  gigabytes: 1000,
  snapshots: 10,
  backups: 10,
  backup_gigabytes: 1000,
  groups: 10,
  per_volume_gigabytes: -1,
};

export const GiB = 1024 * 1024 * 1024;

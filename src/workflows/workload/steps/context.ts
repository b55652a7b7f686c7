/**
 * What a workload step receives: the workflow's activity context with the workload's own state,
 * spec and ports (both clouds and SSH to the conversion hosts).
 *
 * The disk steps (prepare-disk, copy-disks, detach-disks, the removal of temporaries) ask less:
 * a DiskContext, which a detached volume's item (src/workflows/volume/) satisfies as well, so a
 * volume is copied by the same steps as a server's disks rather than by a second copy of them.
 */
import type { ConversionHostPair } from '../../../desired/model.js';
import type { CloudSet, ConversionHostShells } from '../../../ports.js';
import type { ActivityContext } from '../../module.js';
import type { DiskSpec } from '../disks.js';
import type { WorkloadSpec } from '../spec.js';
import type { DiskState, WorkloadState } from '../state.js';

export interface WorkloadPorts extends CloudSet {
  conversionHosts: ConversionHostShells;
}

export type WorkloadContext = ActivityContext<WorkloadState, WorkloadPorts, WorkloadSpec>;

/** What the disk steps need of an item's spec. */
export interface DiskWork {
  /** Names the item's temporaries and markers: a workload's server name, `volume-<name>` for a detached volume. */
  owner: string;
  pair?: ConversionHostPair;
  disks: DiskSpec[];
  dataCopy: boolean;
  copyVia: 'conversion-hosts' | 'image';
  /** How many disk copies may run at once in all (pairs × parallelTransfersPerPair): the bandwidth divisor. */
  copiesAtOnce: number;
  /** transfer.ciphers, when stackshift.yaml sets it. */
  ciphers?: string[];
}

/** What the disk steps need of an item's state: its disks' facts, and the source volumes preflight found. */
export interface DiskHolderState {
  disks: Record<string, DiskState>;
  preflight?: { sourceVolumes: Record<string, string>; sourceServerId?: string };
}

export type DiskContext = ActivityContext<DiskHolderState, WorkloadPorts, DiskWork>;

/** The spec of a step that only runs while its item is desired. */
export function specOf<D>(ctx: { id: string; desired: D | undefined }): D {
  if (!ctx.desired) throw new Error(`${ctx.id} is no longer selected`);
  return ctx.desired;
}

/**
 * What a workload step receives: the workflow's activity context with the workload's own state,
 * spec and ports (both clouds and SSH to the conversion hosts).
 */
import type { CloudSet, ConversionHostShells } from '../../../ports.js';
import type { ActivityContext } from '../../module.js';
import type { WorkloadSpec } from '../spec.js';
import type { WorkloadState } from '../state.js';

export interface WorkloadPorts extends CloudSet {
  conversionHosts: ConversionHostShells;
}

export type WorkloadContext = ActivityContext<WorkloadState, WorkloadPorts, WorkloadSpec>;

/** The spec of a step that only runs while the workload is selected. */
export function specOf(ctx: WorkloadContext): WorkloadSpec {
  if (!ctx.desired) throw new Error(`workload ${ctx.id} is no longer selected`);
  return ctx.desired;
}

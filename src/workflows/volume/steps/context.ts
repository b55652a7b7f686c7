/**
 * What a detached volume's step receives: the workflow's activity context with the volume's own
 * state and spec, and the workload family's ports (both clouds, SSH to the conversion hosts). It is
 * a DiskContext too, so the workload's disk steps run on it unchanged.
 */
import type { ActivityContext } from '../../module.js';
import type { WorkloadPorts } from '../../workload/steps/context.js';
import type { VolumeSpec } from '../spec.js';
import type { VolumeState } from '../state.js';

export type VolumeContext = ActivityContext<VolumeState, WorkloadPorts, VolumeSpec>;

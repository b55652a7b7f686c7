/**
 * Workload migration as a workflow family: one item per workload selected in workloads.yaml,
 * on stream `workload:<server>`, in waves. The migration steps themselves (snapshots, the copy
 * through conversion hosts, ports and server in the destination) are not built yet, so every
 * selected workload is reported as not handled yet — in plan, status and the demo — instead of
 * being ignored while everything says converged.
 */
import type { SelectedWorkload } from '../../desired/model.js';
import { blocked, done } from '../decision.js';
import type { WorkflowModule } from '../module.js';

export interface WorkloadState {
  /** Nothing is moved yet; kept so the stream's facts have a home as steps are added. */
  facts: number;
}

export const workloadMigration: WorkflowModule<WorkloadState, SelectedWorkload> = {
  name: 'workload',
  entity: 'Workload',
  streamPrefix: 'workload:',
  desired: (state) => state.workloads.workloads.map((w) => ({ id: w.server, spec: w, wave: w.wave, file: w.file, line: w.line })),
  initialState: () => ({ facts: 0 }),
  evolve: (state) => ({ facts: state.facts + 1 }),
  decide(_state, { desired }) {
    if (desired === undefined) return done('not selected; nothing was changed');
    return blocked('not handled yet: this version of stackshift does not migrate workloads', 'keep the selection; it is migrated once workload migration lands, or remove it from workloads.yaml');
  },
  progress: (state) => ({ phase: 'Pending', remaining: ['Preflight', 'Cutover', 'Copy', 'Boot', 'Verify', 'Cleanup'], started: state.facts > 0 }),
  async execute(activity) {
    throw new Error(`workload step '${activity.type}' is not implemented`);
  },
};

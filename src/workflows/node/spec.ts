/**
 * What reclaim.yaml asks of one node, with what its steps need from the rest of the plan: every
 * host being reclaimed (never a destination for a move, never counted as spare capacity), the
 * headroom and how many servers move at once.
 */
import type { ReclaimNode } from '../../desired/configModel.js';
import type { DesiredState } from '../../desired/model.js';
import type { DesiredItem } from '../module.js';

export interface NodeSpec {
  node: ReclaimNode;
  /** Every host listed in reclaim.yaml, this one included. */
  reclaiming: string[];
  headroomPercent: number;
  movesAtOnce: number;
  /** How long one move may take before it counts as stalled. */
  moveTimeoutMs: number;
}

export function desiredNodes(state: DesiredState): DesiredItem<NodeSpec>[] {
  const { nodes, headroomPercent, movesAtOnce, moveTimeoutMs } = state.reclaim;
  const reclaiming = nodes.map((n) => n.host);
  // A node is drained only once the selected workloads on it have migrated: moving a server that is
  // being stopped, snapshotted and copied would race the migration.
  const selected = new Set(state.workloads.workloads.map((w) => w.server));
  const hostOf = new Map(state.resources.server.map((s) => [s.params.name as string, s.info.hypervisor_hostname]));
  return nodes.map((node) => {
    const after = [...selected].filter((server) => hostOf.get(server) === node.host).map((server) => `workload:${server}`);
    return { id: node.host, spec: { node, reclaiming, headroomPercent, movesAtOnce, moveTimeoutMs }, file: node.file, line: node.line, ...(after.length ? { after } : {}) };
  });
}

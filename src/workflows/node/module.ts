/**
 * Node reclaim as a workflow family: one item per node in reclaim.yaml, on stream
 * `node:<host>`. The stages (quiesce, remove, power, enrol, provide, scale out) are not built
 * yet, so every listed node is reported as not handled yet instead of being ignored.
 */
import type { ReclaimNode } from '../../desired/model.js';
import { blocked, done } from '../decision.js';
import type { WorkflowModule } from '../module.js';

export interface NodeState {
  facts: number;
}

const STAGES = ['Quiesced', 'Removed', 'Enrolled', 'Available', 'Deployed'];

export const nodeReclaim: WorkflowModule<NodeState, ReclaimNode> = {
  name: 'node',
  entity: 'Node',
  streamPrefix: 'node:',
  desired: (state) => state.reclaim.nodes.map((n) => ({ id: n.host, spec: n, file: n.file, line: n.line })),
  initialState: () => ({ facts: 0 }),
  evolve: (state) => ({ facts: state.facts + 1 }),
  decide(_state, { desired }) {
    if (desired === undefined) return done('not listed; nothing was changed');
    return blocked(`not handled yet: this version of stackshift does not reclaim nodes (wanted stage: ${desired.stage})`, 'keep the entry; the node is reclaimed once node reclaim lands, or remove it from reclaim.yaml');
  },
  progress: (state, desired) => {
    const upTo = desired ? STAGES.indexOf(desired.stage[0]!.toUpperCase() + desired.stage.slice(1)) + 1 : 0;
    return { phase: 'InService', remaining: STAGES.slice(0, upTo), started: state.facts > 0 };
  },
  async execute(activity) {
    throw new Error(`node step '${activity.type}' is not implemented`);
  },
};

/**
 * Node reclaim as a workflow family: one item per node in reclaim.yaml, on stream `node:<host>`.
 * An old compute node is emptied and disabled in the source, removed from it, handed over through
 * its BMC, enrolled in the destination's Ironic and (optionally) scaled out there. The facts are
 * in events.ts, the fold in state.ts, the next step in decide.ts, each step in steps/.
 */
import type { WorkflowModule } from '../module.js';
import { decideNode, reached, type NodeActivity } from './decide.js';
import { desiredNodes, type NodeSpec } from './spec.js';
import { evolveNode, initialNodeState, type NodeState } from './state.js';
import { checkCapacity } from './steps/checkCapacity.js';
import { checkEmpty } from './steps/checkEmpty.js';
import type { NodeContext, NodePorts } from './steps/context.js';
import { drain } from './steps/drain.js';
import { enroll } from './steps/enroll.js';
import { power } from './steps/power.js';
import { inspect, provide } from './steps/provide.js';
import { scaleOut } from './steps/scaleOut.js';
import { disableService, enableService, forceDown, removeService } from './steps/service.js';

const PHASES = ['InService', 'Draining', 'Quiesced', 'Removed', 'Enrolled', 'Available', 'Deployed'] as const;
const STAGE_PHASE = { quiesced: 'Quiesced', removed: 'Removed', enrolled: 'Enrolled', available: 'Available', deployed: 'Deployed' } as const;

/** A node re-enabled by a revert is in service again, like one never touched. */
function phaseOf(s: NodeState): (typeof PHASES)[number] {
  const at = reached(s);
  if (at) return STAGE_PHASE[at];
  return s.disabled ? 'Draining' : 'InService';
}

const steps: Record<NodeActivity['type'], (ctx: NodeContext) => Promise<void>> = {
  'check-capacity': checkCapacity,
  'disable-service': disableService,
  'force-down': forceDown,
  drain,
  'check-empty': checkEmpty,
  'remove-service': removeService,
  power,
  enroll,
  inspect,
  provide,
  'scale-out': scaleOut,
  'enable-service': enableService,
};

export const nodeReclaim: WorkflowModule<NodeState, NodeSpec, NodeActivity, NodePorts> = {
  name: 'node',
  entity: 'Node',
  streamPrefix: 'node:',
  desired: desiredNodes,
  initialState: initialNodeState,
  evolve: evolveNode,
  decide: decideNode,
  progress(state, desired) {
    const phase = phaseOf(state);
    const at = PHASES.indexOf(phase);
    const last = desired ? PHASES.indexOf(STAGE_PHASE[desired.node.stage]) : at;
    return { phase, remaining: at < 0 ? [] : PHASES.slice(at + 1, last + 1), started: state.started };
  },
  execute: (activity, ctx) => steps[activity.type](ctx),
};

/**
 * A node's reclaim state, folded from its facts (events.ts). After a crash the same fold gives the
 * same state and decide.ts picks the same next step; nothing else is remembered.
 */
import type { StoredEvent } from '../../events/store.js';
import type { NodeEvents } from './events.js';

export interface NodeState {
  capacity?: NodeEvents['NodeCapacityChecked'];
  serviceId?: string;
  disabled: boolean;
  /** The reason stackshift disabled it with (a revert re-enables only what stackshift disabled). */
  disabledReason?: string;
  forcedDown: boolean;
  /** Servers moved off, by id. */
  moved: Record<string, { name: string; to: string; how: string }>;
  quiesced: boolean;
  removed: boolean;
  reEnabled: boolean;
  /** Nova refused to lift the force-down (evacuations not completed), under this commit. */
  forceUpRefused?: { reason: string; commit: string | null };
  power?: { power: 'on' | 'off'; bootDevice: string };
  ironicNodeId?: string;
  managed: boolean;
  inspected: boolean;
  available: boolean;
  deployed?: { hypervisor: string };
  /** Any fact at all: the node has begun (plans show it as started). */
  started: boolean;
}

export const initialNodeState = (): NodeState => ({
  disabled: false, forcedDown: false, moved: {}, quiesced: false, removed: false, reEnabled: false, managed: false, inspected: false, available: false, started: false,
});

export function evolveNode(state: NodeState, event: StoredEvent): NodeState {
  const s = { ...state, started: true };
  const data = event.data as never;
  switch (event.type as keyof NodeEvents) {
    case 'NodeCapacityChecked': {
      const d: NodeEvents['NodeCapacityChecked'] = data;
      return { ...s, capacity: d, serviceId: d.serviceId };
    }
    case 'NodeServiceDisabled': {
      const d: NodeEvents['NodeServiceDisabled'] = data;
      return { ...s, disabled: true, disabledReason: d.reason, reEnabled: false };
    }
    case 'NodeServiceForcedDown':
      return { ...s, forcedDown: true };
    case 'NodeServerMoved': {
      const d: NodeEvents['NodeServerMoved'] = data;
      return { ...s, moved: { ...s.moved, [d.server]: { name: d.name, to: d.to, how: d.how } } };
    }
    case 'NodeQuiesced':
      return { ...s, quiesced: true };
    case 'NodeServiceRemoved':
      return { ...s, removed: true };
    case 'NodeForceUpRefused': {
      const d: NodeEvents['NodeForceUpRefused'] = data;
      return { ...s, forceUpRefused: { reason: d.reason, commit: event.commit } };
    }
    case 'NodeServiceEnabled':
      return { ...s, disabled: false, reEnabled: true, quiesced: false, capacity: undefined, forceUpRefused: undefined };
    case 'NodePowerSet': {
      const d: NodeEvents['NodePowerSet'] = data;
      return { ...s, power: { power: d.power, bootDevice: d.bootDevice } };
    }
    case 'NodeEnrolled': {
      const d: NodeEvents['NodeEnrolled'] = data;
      return { ...s, ironicNodeId: d.nodeId };
    }
    case 'NodeManaged':
      return { ...s, managed: true };
    case 'NodeInspected':
      return { ...s, inspected: true };
    case 'NodeAvailable':
      return { ...s, available: true };
    case 'NodeDeployed': {
      const d: NodeEvents['NodeDeployed'] = data;
      return { ...s, deployed: { hypervisor: d.hypervisor } };
    }
    default:
      return state;
  }
}

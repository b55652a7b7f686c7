/**
 * The next step of one node's reclaim, from its state and what reclaim.yaml asks — pure, so plan
 * shows exactly what apply will do and a test is a table. The chain (each step idempotent, each
 * fact a resume point), as far as the node's `stage` says:
 *
 *   check-capacity → disable-service [→ force-down if its compute service is down]
 *     → drain (or check-empty for `drain: wait`)                                  = quiesced
 *     → remove-service                                                            = removed
 *     → power (PXE next boot, off, read back) → enroll (Ironic node, ports, manage) = enrolled
 *     → inspect → provide (only with a wipe-node confirmation)                     = available
 *     → scale-out (the hook, then a hypervisor in the destination)                 = deployed
 *
 * Deselected (git revert) before removal: the compute service is enabled again; the servers
 * moved off stay where they are. After removal there is no way back in the old cloud.
 */
import { RECLAIM_STAGES, type ReclaimStage } from '../../desired/configModel.js';
import { blocked, done, run, type Activity, type Decision } from '../decision.js';
import type { DecideInput } from '../module.js';
import type { NodeSpec } from './spec.js';
import type { NodeState } from './state.js';

export type NodeStep = 'check-capacity' | 'disable-service' | 'force-down' | 'drain' | 'check-empty' | 'remove-service' | 'power' | 'enroll' | 'inspect' | 'provide' | 'scale-out' | 'enable-service';

export interface NodeActivity extends Activity {
  type: NodeStep;
}

const step = (type: NodeStep, title: string, slot?: string): Decision<NodeActivity> => run({ type, title }, slot);
const atLeast = (want: ReclaimStage, stage: ReclaimStage) => RECLAIM_STAGES.indexOf(want) >= RECLAIM_STAGES.indexOf(stage);

/** The furthest stage a node has reached, for messages. */
export function reached(s: NodeState): ReclaimStage | undefined {
  if (s.deployed) return 'deployed';
  if (s.available) return 'available';
  if (s.managed) return 'enrolled';
  if (s.removed) return 'removed';
  if (s.quiesced) return 'quiesced';
  return undefined;
}

function deselected(s: NodeState, host: string, commit: string): Decision<NodeActivity> {
  if (s.removed) {
    return done(`no longer listed, but ${host} was already removed from the source cloud: it can only go forward (list it again) or be re-added by the old cloud's deployment tool`);
  }
  if (s.disabled && !s.reEnabled && s.forceUpRefused?.commit === commit) {
    return blocked(`Nova keeps ${host} forced down: ${s.forceUpRefused.reason}`, `start nova-compute on ${host} (it completes the evacuations off it), then push a commit to retry; or list ${host} in reclaim.yaml again to remove it instead`);
  }
  if (s.disabled && !s.reEnabled) return step('enable-service', `enable the compute service of ${host} again (the servers moved off stay where they are)`);
  if (s.reEnabled) return done(`reverted: ${host}'s compute service is enabled again; the ${Object.keys(s.moved).length} server(s) moved off stay on their new hosts`);
  return done('not listed; nothing was changed');
}

export function decideNode(s: NodeState, input: DecideInput<NodeSpec>): Decision<NodeActivity> {
  const spec = input.desired;
  const host = spec?.node.host ?? input.id ?? 'this node';
  if (spec === undefined) return deselected(s, host, input.commit);
  const want = spec.node.stage;
  const beyond = (stage: ReclaimStage) => {
    const at = reached(s);
    return at && at !== stage ? `; it is already ${at} and a node does not go back after removal` : '';
  };

  if (!s.removed) {
    if (!s.capacity) return step('check-capacity', `check that the other hosts can hold ${host}'s servers with ${spec.headroomPercent}% headroom`);
    if (!s.disabled) return step('disable-service', `disable the compute service of ${host} (reason "stackshift: reclaim")`);
    if (s.capacity.serviceDown && !s.forcedDown) return step('force-down', `force down the compute service of ${host} (it is down: its servers are evacuated)`);
    if (!s.quiesced) {
      const servers = s.capacity.servers.length - Object.keys(s.moved).length;
      if (spec.node.drain === 'wait' && !s.capacity.serviceDown) return step('check-empty', `check that ${host} is empty (drain: wait — its servers' owners move them)`);
      const how = s.capacity.serviceDown ? 'evacuate' : spec.node.drain;
      return step('drain', `drain ${host}: ${how} ${Math.max(servers, 0)} server(s), ${spec.movesAtOnce} at a time, then check no server, migration or allocation is left`, 'drain');
    }
  }
  if (want === 'quiesced') return done(`quiesced: ${host} is disabled in the source and empty${beyond('quiesced')}`);
  if (!s.removed) return step('remove-service', `delete the compute service of ${host} and check its resource provider is gone`);
  if (want === 'removed') return done(`removed: ${host} is no longer part of the source cloud${beyond('removed')}`);

  if (!s.power) return step('power', `through ${host}'s BMC (${spec.node.bmc.driver}): next boot PXE, power off, read back`);
  if (!s.managed) return step('enroll', `enrol ${host} in the destination's Ironic (${spec.node.ironic.driver}, ${spec.node.ironic.ports.length} port(s)) and manage it`);
  if (want === 'enrolled') return done(`enrolled: ${host} is manageable in the destination's Ironic${beyond('enrolled')}`);
  if (!s.inspected) return step('inspect', `inspect ${host} in Ironic`);
  if (!s.available) {
    if (!input.confirmed?.('wipe-node', host)) {
      return blocked(`${host} is inspected; making it available cleans it, which wipes its disks`, `add {action: wipe-node, target: ${host}} to policy.confirmations in stackshift.yaml once its disks may be erased`);
    }
    return step('provide', `provide ${host}: Ironic cleans it (wipe-node confirmed) and makes it available`);
  }
  if (!atLeast(want, 'deployed')) return done(`available: ${host} is cleaned and available in the destination's Ironic${beyond('available')}`);
  if (!spec.node.scaleOutHook) return blocked(`${host} goes to stage deployed but names no scaleOutHook`, 'name the scale-out hook in reclaim.yaml, or stop at stage available');
  if (!s.deployed) return step('scale-out', `run the scale-out hook for ${host} and wait for its hypervisor in the destination`);
  return done(`deployed: ${host} runs as hypervisor ${s.deployed.hypervisor} in the destination`);
}

/**
 * PUT /v1/nodes/{id}/states/provision and /states/power, and the boot device. A transition runs
 * as a progression of kind 'node' (power: 'node-power'); while the node is in a busy state its
 * conductor lock is held and other writes get 409 NodeLocked. Verifying checks the BMC
 * credentials against the simulated machine; inspection fills properties and creates ports.
 */
import type { SimCloud } from '../core/cloud.js';
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext, Reply } from '../core/router.js';
import { credentialsOf, machineFor } from '../redfish/registry.js';
import type { Node } from './model.js';
import { BUSY_STATES, decide, MIN_VERB_VERSIONS, POWER_TARGETS, VERBS, type Verb } from './states.js';
import { findNode, ironicPorts, nodes, stamp, versionHeaders } from './store.js';

const CONDUCTOR = 'sim-conductor-1';

export function assertUnlocked(node: Node): void {
  if (node.reservation) throw new ApiError(409, `Node ${node.id} is locked by host ${node.reservation}, please retry after the current operation is completed.`);
}

export function setProvisionState(ctx: RequestContext): Reply {
  versionHeaders(ctx);
  const node = findNode(ctx, ctx.params.node_ident!);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const target = body.target;
  if (typeof target !== 'string' || !(VERBS as readonly string[]).includes(target)) throw new ApiError(400, `"${String(target)}" is not a valid target provision state.`);
  const verb = target as Verb;
  const min = MIN_VERB_VERSIONS[verb];
  if (min && !atLeast(ctx.microversion, min)) throw new ApiError(406, `Request not acceptable. The minimal required API version should be ${min}.`);
  assertUnlocked(node);
  if (node.maintenance && verb !== 'abort') throw new ApiError(400, `The ${verb} operation can't be performed on node ${node.id} because it's in maintenance mode.`);
  const decision = decide(verb, node.provisionState);
  const c = ctx.cloud;
  if (decision.kind === 'invalid') throw new ApiError(400, `The requested action "${verb}" can not be performed on node "${node.id}" while it is in state "${node.provisionState}".`);
  if (decision.kind === 'immediate' || decision.kind === 'abort') {
    c.progression.cancel('node', node.id);
    node.provisionState = decision.state;
    node.targetProvisionState = null;
    if (decision.kind === 'abort') node.lastError = `Operation was aborted by the user.`;
    node.provisionUpdatedAt = stamp(c);
    return { status: 202 };
  }
  const t = decision.transition;
  node.targetProvisionState = t.target;
  node.lastError = null;
  ctx.responseHeaders.location = `${ctx.origin}/v1/nodes/${node.id}/states`;
  if (verb === 'inspect') node.inspectionStartedAt = stamp(c);
  c.progression.start('node', node.id, [...t.steps, t.success], {
    onState: (change) => {
      const n = nodes(c).get(node.id);
      if (!n) return;
      n.provisionUpdatedAt = stamp(c);
      if (!change.final) {
        n.provisionState = change.state;
        n.reservation = BUSY_STATES.has(change.state) ? CONDUCTOR : null;
        return;
      }
      n.reservation = null;
      n.targetProvisionState = null;
      const problem = change.failed ? (change.message ?? `${verb} failed`) : outcome(c, n, verb);
      if (problem) {
        n.provisionState = t.failure;
        n.lastError = problem;
        return;
      }
      n.provisionState = t.success;
    },
  });
  return { status: 202 };
}

/** Does the conductor work of a verb; returns last_error text on failure, else null. */
function outcome(c: SimCloud, n: Node, verb: Verb): string | null {
  if (n.driver === 'fake-hardware') {
    if (verb === 'inspect') n.inspectionFinishedAt = stamp(c);
    return null;
  }
  const missing = n.driver === 'ipmi' ? (['ipmi_address'] as const).filter((k) => !n.driverInfo[k]) : (['redfish_address', 'redfish_system_id'] as const).filter((k) => !n.driverInfo[k]);
  if (missing.length) return `Failed to validate power driver interface for node ${n.id}. Error: Missing the following ${n.driver} credentials in node's driver_info: ${missing.join(', ')}`;
  const machine = machineFor(c, n.driver, n.driverInfo);
  if (!machine) return `Failed to get power state for node ${n.id}. Error: the BMC at ${String(n.driverInfo.redfish_address ?? n.driverInfo.ipmi_address)} is unreachable`;
  const cred = credentialsOf(n.driver, n.driverInfo);
  if (cred.username !== machine.username || cred.password !== machine.password) return `Failed to get power state for node ${n.id}. Error: authentication with the BMC failed (HTTP 401)`;
  n.powerState = machine.powerState === 'On' ? 'power on' : 'power off';
  if (verb === 'inspect') {
    n.properties = { ...n.properties, cpus: machine.cpus, memory_mb: machine.memoryMb, local_gb: machine.localGb, cpu_arch: machine.cpuArch };
    for (const mac of machine.macs) {
      if (ironicPorts(c).find((p) => p.address === mac)) continue;
      ironicPorts(c).put({ id: c.ids.uuid(), address: mac, nodeId: n.id, pxeEnabled: true, physicalNetwork: null, localLinkConnection: {}, extra: {}, name: null, createdAt: stamp(c), updatedAt: null });
    }
    n.inspectionFinishedAt = stamp(c);
  }
  if ((verb === 'provide' || verb === 'clean' || verb === 'deleted' || verb === 'undeploy') && machine) {
    // Automated cleaning boots the ramdisk over PXE and powers the node off afterwards.
    machine.powerState = 'Off';
    machine.lastBootSource = 'Pxe';
    n.powerState = 'power off';
  }
  if (verb === 'active' || verb === 'deploy') {
    machine.powerState = 'On';
    n.powerState = 'power on';
  }
  return null;
}

export function setPowerState(ctx: RequestContext): Reply {
  versionHeaders(ctx);
  const node = findNode(ctx, ctx.params.node_ident!);
  const target = (ctx.body as Record<string, unknown> | undefined)?.target;
  if (typeof target !== 'string' || !(target in POWER_TARGETS)) throw new ApiError(400, `Invalid power target ${String(target)}`);
  if ((target === 'soft power off' || target === 'soft rebooting') && !atLeast(ctx.microversion, '1.27')) throw new ApiError(406, 'Request not acceptable. The minimal required API version should be 1.27.');
  assertUnlocked(node);
  if (node.targetPowerState) throw new ApiError(409, `Node ${node.id} is locked by host ${CONDUCTOR}, please retry after the current operation is completed.`);
  const c = ctx.cloud;
  const end = POWER_TARGETS[target]!;
  node.targetPowerState = end;
  node.reservation = CONDUCTOR;
  c.progression.start('node-power', node.id, ['changing', end], {
    onState: (change) => {
      if (!change.final) return;
      const n = nodes(c).get(node.id);
      if (!n) return;
      n.reservation = null;
      n.targetPowerState = null;
      const machine = machineFor(c, n.driver, n.driverInfo);
      if (change.failed) {
        n.lastError = change.message ?? `Failed to set node power state to ${end}.`;
        return;
      }
      n.powerState = end;
      if (machine) {
        machine.powerState = end === 'power on' ? 'On' : 'Off';
        if (end === 'power on') machine.lastBootSource = n.bootDevice === 'pxe' ? 'Pxe' : 'Hdd';
        machine.etag++;
      }
    },
  });
  return { status: 202 };
}

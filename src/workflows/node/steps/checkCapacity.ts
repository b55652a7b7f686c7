/**
 * Preflight of a node, before anything changes: its compute service exists; the hosts that stay
 * (enabled, up, not in reclaim.yaml) can hold the servers of every node still being reclaimed,
 * this one included, with the headroom kept free and each server in its own zone; and none of its
 * NIC MACs is already a port in the destination's Ironic. Otherwise nothing starts and the
 * message says what is missing.
 */
import { codes, StackshiftError } from '../../../errors.js';
import * as ironic from '../../../executors/openstack/ironic.js';
import { describeResources, placeServers, RESOURCE_CLASSES, type MovingServer, type Resources } from '../capacity.js';
import { nodeEvent } from '../events.js';
import { adminOf, bmcPassword, specOf, type NodeContext } from './context.js';
import { computeServices, movingServer, roomOnStayingHosts, serversOn } from './estate.js';

export async function checkCapacity(ctx: NodeContext): Promise<void> {
  const spec = specOf(ctx);
  const { host } = spec.node;
  const src = adminOf(ctx, 'source');
  const services = await computeServices(src);
  const service = services.get(host);
  if (!service) {
    throw new StackshiftError(codes.STEP_FAILED, `compute host ${host} is not in the source cloud's compute service list`, {
      retry: 'never', hint: `check the host name at ${spec.node.file}:${spec.node.line} against \`openstack compute service list --service nova-compute\``,
    });
  }
  const moving: MovingServer[] = [];
  let own: MovingServer[] = [];
  for (const other of spec.reclaiming) {
    const s = services.get(other);
    if (!s) continue; // removed already: nothing of it is left to place
    const found = (await serversOn(src, other)).map((server) => movingServer(server, s.zone ?? 'nova'));
    if (other === host) own = found;
    moving.push(...found);
  }
  const rooms = await roomOnStayingHosts(src, services, spec.reclaiming, spec.headroomPercent);
  const placed = placeServers(moving, rooms);
  if (placed.unplaced.length > 0) {
    const names = placed.unplaced.slice(0, 5).map((s) => s.name).join(', ') + (placed.unplaced.length > 5 ? ', ...' : '');
    throw new StackshiftError(codes.STEP_FAILED, `the hosts that stay cannot hold the servers of the nodes in reclaim.yaml with ${spec.headroomPercent}% headroom: ${placed.unplaced.length} server(s) fit nowhere (${names}); missing ${describeResources(placed.missing)}`, {
      retry: 'never', hint: 'add capacity to the source cloud, lower headroomPercent in reclaim.yaml, or reclaim fewer nodes at once; nothing was changed',
    });
  }
  await checkMacsFree(ctx);
  await checkBmcPassword(ctx);
  const usage = Object.fromEntries(RESOURCE_CLASSES.map((rc) => [rc, own.reduce((n, s) => n + s.needs[rc], 0)])) as Resources;
  const spareAfter = Object.fromEntries(RESOURCE_CLASSES.map((rc) => [rc, rooms.reduce((n, r) => n + r.free[rc], 0) - moving.reduce((n, s) => n + s.needs[rc], 0)]));
  await ctx.record([nodeEvent('NodeCapacityChecked', { serviceId: String(service.id), servers: own.map((s) => s.id), usage, spareAfter, serviceDown: service.state === 'down' || service.forced_down === true })]);
}

/**
 * A node that goes past removal needs its BMC password; a missing file or variable found only at
 * the power step would leave the node removed from the source and stuck, so it is read (and
 * dropped) here, before anything changes.
 */
async function checkBmcPassword(ctx: NodeContext): Promise<void> {
  const spec = specOf(ctx);
  if (spec.node.stage === 'quiesced' || spec.node.stage === 'removed') return;
  try {
    await bmcPassword(ctx);
  } catch (err) {
    if (err instanceof StackshiftError) err.message = `${err.message} (${spec.node.file}:${spec.node.line}); nothing was changed`;
    throw err;
  }
}

/** A MAC that is already an Ironic port in the destination would make enrolment fail late. */
async function checkMacsFree(ctx: NodeContext): Promise<void> {
  const spec = specOf(ctx);
  if (spec.node.stage === 'quiesced' || spec.node.stage === 'removed') return;
  const dst = adminOf(ctx, 'destination');
  for (const port of spec.node.ironic.ports) {
    const taken = await ironic.listBaremetalPorts(dst, { address: port.address.toLowerCase() });
    if (taken.length > 0) {
      throw new StackshiftError(codes.STEP_FAILED, `MAC ${port.address} of ${spec.node.host} is already a port of Ironic node ${taken[0]!.node_uuid} in the destination`, {
        retry: 'never', hint: `remove that port or node from the destination's Ironic, or fix the MAC at ${spec.node.file}:${spec.node.line}; nothing was changed`,
      });
    }
  }
}

/**
 * Empties the node: every server on it moves to a host that stays (chosen by the same placement
 * as the capacity check, so never onto another node being reclaimed and never across zones),
 * `movesAtOnce` at a time. A server that does not move is tried again (three times in one run);
 * then the step stops with the reason and the node waits for the next commit. A live migration that
 * outlives moveTimeout is aborted and recorded (NodeMoveAborted), and counts as one such failure.
 * A cold migration an earlier run left in VERIFY_RESIZE is confirmed first. Ends with the
 * emptiness check.
 */
import { codes, StackshiftError } from '../../../errors.js';
import * as nova from '../../../executors/openstack/nova.js';
import * as moves from '../../../executors/openstack/novaMoves.js';
import { mapLimit } from '../../../export/pool.js';
import { placeServers } from '../capacity.js';
import { nodeEvent } from '../events.js';
import { notEmpty, quiescedOrLeftovers } from './checkEmpty.js';
import { adminOf, specOf, type NodeContext } from './context.js';
import { computeServices, movingServer, roomOnStayingHosts, serversOn } from './estate.js';
import { moveKind, moveServer } from './moveServer.js';

const ROUNDS = 3;

export async function drain(ctx: NodeContext): Promise<void> {
  const spec = specOf(ctx);
  const { host } = spec.node;
  const src = adminOf(ctx, 'source');
  const serviceDown = ctx.state().capacity?.serviceDown ?? false;
  await confirmLeftResizes(ctx, host);
  // Records are appended one at a time: each is checked against the stream version.
  let recording = Promise.resolve();
  const record = (e: ReturnType<typeof nodeEvent>) => (recording = recording.then(() => ctx.record([e])));
  let lastReasons = new Map<string, string>();
  let stalls = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const servers = await serversOn(src, host);
    if (servers.length === 0) break;
    const stuck = servers.filter((s) => s.status === 'ERROR' && !serviceDown);
    if (stuck.length > 0) {
      throw new StackshiftError(codes.STEP_FAILED, `${host} has server(s) in ERROR that Nova cannot migrate: ${stuck.map((s) => s.name).join(', ')}`, {
        retry: 'never', hint: 'reset their state (openstack server set --state active) or delete them, then push a commit to retry',
      });
    }
    const services = await computeServices(src);
    const zone = services.get(host)?.zone ?? 'nova';
    const placed = placeServers(servers.map((s) => movingServer(s, zone)), await roomOnStayingHosts(src, services, spec.reclaiming, spec.headroomPercent));
    if (placed.unplaced.length > 0) {
      throw new StackshiftError(codes.STEP_FAILED, `no host that stays has room for ${placed.unplaced.map((s) => s.name).join(', ')} from ${host} (with ${spec.headroomPercent}% headroom)`, {
        retry: 'later', requeueAfterMs: 60_000, hint: 'capacity changed since the check; add capacity or lower headroomPercent in reclaim.yaml',
      });
    }
    const reasons = new Map<string, string>();
    await mapLimit(servers, spec.movesAtOnce, async (server) => {
      const how = moveKind(server, spec.node.drain === 'cold-migrate' ? 'cold-migrate' : 'live-migrate', serviceDown);
      const started = ctx.clock.now();
      const out = await moveServer({ c: src, clock: ctx.clock, signal: ctx.signal, timeoutMs: spec.moveTimeoutMs }, server, host, placed.targets.get(server.id)!, how);
      if (out.aborted) await record(nodeEvent('NodeMoveAborted', { server: server.id, name: server.name, ...out.aborted, stayed: !out.moved }));
      if (out.moved) await record(nodeEvent('NodeServerMoved', { server: server.id, name: server.name, to: out.host, how, durationMs: ctx.clock.now() - started }));
      else {
        reasons.set(server.name, out.reason ?? 'it stayed');
        if (out.aborted) stalls++;
        await record(nodeEvent('NodeServerMoveFailed', { server: server.id, name: server.name, how, reason: out.reason ?? 'it stayed' }));
      }
    });
    lastReasons = reasons;
  }
  const left = await quiescedOrLeftovers(ctx);
  if (!left) return;
  if (left.servers.length > 0 && lastReasons.size > 0) {
    const [name, reason] = [...lastReasons.entries()][0]!;
    const stallHint = stalls > 0 ? `; ${stalls} live migration(s) stalled and were aborted: a busy guest may need a longer moveTimeout in reclaim.yaml, or a cold migration` : '';
    throw new StackshiftError(codes.STEP_FAILED, `${lastReasons.size} server(s) did not leave ${host} after ${ROUNDS} attempts; ${name}: ${reason}`, {
      retry: 'never', hint: `move them by hand (openstack server migrate --live-migration <server>), or set drain: wait for ${host} in reclaim.yaml${stallHint}; push a commit to retry`,
    });
  }
  throw notEmpty(host, left, false);
}

/** Cold migrations off this node that an interrupted run left waiting for confirmation. */
async function confirmLeftResizes(ctx: NodeContext, host: string): Promise<void> {
  const src = adminOf(ctx, 'source');
  for (const m of await nova.listMigrations(src, { source_compute: host, status: 'finished' })) {
    const server = await nova.getServer(src, m.instance_uuid).catch(() => undefined);
    if (server?.status === 'VERIFY_RESIZE') await moves.confirmResize(src, server.id);
  }
}

/**
 * Moving a server between compute hosts: live migration (queued → preparing → running →
 * completed, or error with the server back ACTIVE on its source), cold migration (ends in
 * VERIFY_RESIZE; confirmResize / revertResize finish it) and evacuation. During a move the
 * migration record holds the source allocation and the server the destination one, as Nova does.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext } from '../core/router.js';
import type { InstanceAction, Migration, Server } from './model.js';
import { PowerState } from './model.js';
import { rebindPorts } from './network.js';
import { flavorResources, hostIsUsable, selectHost, serviceState } from './scheduler.js';
import { invalidStateMessage } from './states.js';
import { computeServices, finishAction, migrations, nextNumber, now, recordAction, servers } from './store.js';

const STEPS: Record<Migration['migrationType'], string[]> = {
  'live-migration': ['queued', 'preparing', 'running', 'completed'],
  migration: ['pre-migrating', 'migrating', 'post-migrating', 'finished'],
  resize: ['pre-migrating', 'migrating', 'post-migrating', 'finished'],
  evacuation: ['accepted', 'pre-migrating', 'done'],
};

function resourcesOf(s: Server) {
  return flavorResources(s.flavor, s.imageId === '');
}

function newMigration(c: SimCloud, s: Server, type: Migration['migrationType'], dest: string | null): Migration {
  const time = now(c);
  const bytes = s.flavor.ram * 1024 * 1024;
  return migrations(c).put({
    id: c.ids.uuid(),
    numericId: nextNumber(c, 'migration'),
    instanceUuid: s.id,
    projectId: s.projectId,
    userId: s.userId,
    sourceCompute: s.host ?? '',
    destCompute: dest,
    status: STEPS[type][0]!,
    migrationType: type,
    flavorId: s.flavor.id,
    createdAt: time,
    updatedAt: time,
    memoryTotalBytes: bytes,
    memoryProcessedBytes: 0,
  });
}

/** Validates a requested destination host (400 ComputeHostNotFound / UnableToMigrateToSelf). */
function checkDestination(c: SimCloud, s: Server, host: string | null | undefined): void {
  if (!host) return;
  if (!c.hosts.get(host) || !computeServices(c).get(host)) throw new ApiError(400, `Compute host ${host} could not be found.`);
  if (host === s.host) throw new ApiError(400, `Unable to migrate instance (${s.id}) to current host (${host}).`);
}

export function liveMigrate(ctx: RequestContext, s: Server, host: string | null): void {
  const problem = invalidStateMessage(s, 'os-migrateLive');
  if (problem) throw new ApiError(409, problem);
  const c = ctx.cloud;
  checkDestination(c, s, host);
  const action = recordAction(ctx, s, 'live-migration', 'compute_live_migration');
  const dest = host ? (hostIsUsable(c, host) && c.hosts.fits(host, resourcesOf(s)) ? host : undefined) : selectHost(c, resourcesOf(s), { exclude: s.host ?? '' });
  const migration = newMigration(c, s, 'live-migration', dest ?? host);
  s.taskState = 'migrating';
  s.updatedAt = now(c);
  const steps = dest ? STEPS['live-migration'] : ['queued', 'error'];
  if (dest) c.hosts.allocate(migration.id, dest, resourcesOf(s), { projectId: s.projectId, userId: s.userId });
  runMove(c, s, migration, steps, action, dest, (srv) => {
    srv.taskState = null;
  }, dest ? undefined : 'No valid host was found. There are not enough hosts available.');
}

export function coldMigrate(ctx: RequestContext, s: Server, host: string | null): void {
  const problem = invalidStateMessage(s, 'migrate');
  if (problem) throw new ApiError(409, problem);
  const c = ctx.cloud;
  checkDestination(c, s, host);
  // @check_instance_host(check_is_up=True): the source compute must be up; disabled is fine (draining a node is why).
  const sourceService = s.host ? computeServices(c).get(s.host) : undefined;
  if (!sourceService || serviceState(c, sourceService) !== 'up') throw new ApiError(409, `Service is unavailable at this time.`);
  const dest = selectHost(c, resourcesOf(s), { exclude: s.host ?? '', ...(host ? { only: host } : {}) });
  if (!dest) throw new ApiError(400, 'No valid host was found. No valid host found for cold migrate');
  const action = recordAction(ctx, s, 'migrate', 'compute_prep_resize');
  const migration = newMigration(c, s, 'migration', dest);
  s.taskState = 'resize_prep';
  s.updatedAt = now(c);
  c.hosts.allocate(migration.id, dest, resourcesOf(s), { projectId: s.projectId, userId: s.userId });
  runMove(c, s, migration, STEPS.migration, action, dest, (srv, source) => {
    srv.previousVmState = srv.vmState;
    srv.vmState = 'resized';
    srv.taskState = null;
    srv.sourceHost = source;
  });
}

/** Walks a migration through its steps; on success the server lands on `dest`. */
function runMove(c: SimCloud, s: Server, migration: Migration, steps: string[], action: InstanceAction, dest: string | undefined, landed: (srv: Server, source: string) => void, noHost?: string): void {
  c.progression.start('migration', s.id, steps, {
    onState: (change) => {
      const m = migrations(c).get(migration.id);
      const srv = servers(c).get(s.id);
      if (!m || !srv) return;
      m.status = change.state;
      m.updatedAt = now(c);
      if (m.migrationType === 'migration' && !change.final) srv.taskState = change.state === 'pre-migrating' ? 'resize_prep' : change.state === 'migrating' ? 'resize_migrating' : 'resize_migrated';
      if (change.state === 'running') m.memoryProcessedBytes = Math.floor(m.memoryTotalBytes / 2);
      if (!change.final) return;
      if (change.failed || noHost) {
        // The move failed: the server stays on its source, task cleared, migration in error.
        m.status = 'error';
        c.hosts.release(m.id);
        srv.taskState = null;
        srv.updatedAt = now(c);
        finishAction(c, action, false, change.message ?? noHost);
        return;
      }
      const source = srv.host ?? '';
      c.hosts.release(m.id);
      const resources = resourcesOf(srv);
      c.hosts.allocate(srv.id, dest!, resources, { projectId: srv.projectId, userId: srv.userId });
      if (m.migrationType === 'migration') c.hosts.allocate(m.id, source, resources, { projectId: srv.projectId, userId: srv.userId });
      // An evacuated server keeps its allocation on the dead source as well: only that compute,
      // when it starts again, removes it. Until then it is orphaned and keeps the provider.
      if (m.migrationType === 'evacuation') c.hosts.allocateAlso(srv.id, source, resources, { projectId: srv.projectId, userId: srv.userId });
      m.memoryProcessedBytes = m.memoryTotalBytes;
      srv.host = dest!;
      srv.updatedAt = now(c);
      rebindPorts(c, srv);
      landed(srv, source);
      finishAction(c, action, true);
    },
  });
}

/** confirmResize (204): the source allocation goes, the migration is confirmed. */
export function confirmResize(ctx: RequestContext, s: Server): void {
  const problem = invalidStateMessage(s, 'confirmResize');
  if (problem) throw new ApiError(409, problem);
  const c = ctx.cloud;
  const m = migrations(c).find((x) => x.instanceUuid === s.id && x.status === 'finished');
  if (!m) throw new ApiError(400, `Instance has not been resized.`);
  recordAction(ctx, s, 'confirmResize', 'compute_confirm_resize');
  c.hosts.release(m.id);
  endResize(c, s, m, 'confirmed');
}

/** revertResize (202): back to the source host. */
export function revertResize(ctx: RequestContext, s: Server): void {
  const problem = invalidStateMessage(s, 'revertResize');
  if (problem) throw new ApiError(409, problem);
  const c = ctx.cloud;
  const m = migrations(c).find((x) => x.instanceUuid === s.id && x.status === 'finished');
  if (!m || !s.sourceHost) throw new ApiError(400, `Instance has not been resized.`);
  recordAction(ctx, s, 'revertResize', 'compute_revert_resize');
  const resources = resourcesOf(s);
  c.hosts.release(m.id);
  c.hosts.allocate(s.id, s.sourceHost, resources, { projectId: s.projectId, userId: s.userId });
  s.host = s.sourceHost;
  rebindPorts(c, s);
  endResize(c, s, m, 'reverted');
}

/** Either way a resize ends, the server returns to the power state it had before it. */
function endResize(c: RequestContext['cloud'], s: Server, m: { status: string; updatedAt: string }, status: 'confirmed' | 'reverted'): void {
  m.status = status;
  m.updatedAt = now(c);
  s.vmState = s.previousVmState === 'stopped' ? 'stopped' : 'active';
  s.previousVmState = null;
  s.sourceHost = null;
  s.updatedAt = now(c);
}

/** evacuate: only when the source compute is down or forced down; rebuilds on another host. */
export function evacuate(ctx: RequestContext, s: Server, host: string | null, stopAfter: boolean): void {
  const c = ctx.cloud;
  const service = s.host ? computeServices(c).get(s.host) : undefined;
  if (service && serviceState(c, service) === 'up') throw new ApiError(400, `Compute service of ${s.host} is still in use.`);
  const problem = invalidStateMessage(s, 'evacuate');
  if (problem) throw new ApiError(409, problem);
  checkDestination(c, s, host);
  const dest = selectHost(c, resourcesOf(s), { exclude: s.host ?? '', ...(host ? { only: host } : {}) });
  if (!dest) throw new ApiError(400, 'No valid host was found. There are not enough hosts available.');
  const action = recordAction(ctx, s, 'evacuate', 'compute_rebuild_instance');
  const migration = newMigration(c, s, 'evacuation', dest);
  s.taskState = 'rebuilding';
  const wasStopped = s.vmState === 'stopped';
  c.hosts.allocate(migration.id, dest, resourcesOf(s), { projectId: s.projectId, userId: s.userId });
  runMove(c, s, migration, STEPS.evacuation, action, dest, (srv) => {
    srv.taskState = null;
    const stopped = stopAfter || wasStopped;
    srv.vmState = stopped ? 'stopped' : 'active';
    srv.powerState = stopped ? PowerState.SHUTDOWN : PowerState.RUNNING;
  });
}

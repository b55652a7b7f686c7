/**
 * DELETE /servers/{id}/migrations/{mid}: aborting a live migration (2.24; 2.65 also while queued
 * or preparing). nova-api only validates (server_migrations.py delete(), compute/api.py
 * live_migrate_abort) and *casts* to the source compute (compute/rpcapi.py live_migration_abort),
 * so the 202 comes before anything is cancelled. The compute manager's live_migration_abort then
 * drops a queued migration or asks the driver to abort the copy; libvirt's
 * _live_migration_monitor sees the job cancelled and calls _rollback_live_migration with
 * migration_status='cancelled', which reverts the destination allocation, sets task_state None
 * (the server ACTIVE on its source) and only *then* marks the migration `cancelled`. Until the
 * rollback the migration keeps the status it had — Nova has no `cancelling` status — and the
 * server stays MIGRATING. Here that is the `migration-abort` progression of the migration:
 * [status at the abort, ROLLED_BACK, 'cancelled'], paced by its own knob.
 */
import type { SimCloud } from '../core/cloud.js';
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext } from '../core/router.js';
import type { InstanceAction, Migration } from './model.js';
import { ABORT_KIND, finishAction, migrations, now, recordAction, servers, visibleServer } from './store.js';

/** The step where the server is back (task cleared) while the migration record still says what it was. */
const ROLLED_BACK = 'rolled-back';

export function abortLiveMigration(ctx: RequestContext) {
  if (!atLeast(ctx.microversion, '2.24')) throw new ApiError(404, 'The resource could not be found.');
  const s = visibleServer(ctx, ctx.params.server_id!);
  const id = ctx.params.migration_id!;
  // @check_instance_state(task_state=[MIGRATING]): still true while an earlier abort is being carried out.
  if (s.taskState !== 'migrating') throw new ApiError(409, `Cannot 'abort live migration' instance ${s.id} while it is in task_state ${s.taskState}`);
  const m = migrations(ctx.cloud).find((x) => x.instanceUuid === s.id && String(x.numericId) === id && x.migrationType === 'live-migration');
  if (!m) throw new ApiError(404, `Migration ${id} not found for instance ${s.id}`);
  const allowed = atLeast(ctx.microversion, '2.65') ? ['running', 'queued', 'preparing'] : ['running'];
  if (!allowed.includes(m.status)) {
    throw new ApiError(400, `Migration ${id} state of instance ${s.id} is ${m.status}. Cannot abort live migration while the migration is in this state.`);
  }
  const action = recordAction(ctx, s, 'live_migration_cancel', 'compute_live_migration_abort');
  const c = ctx.cloud;
  // A second abort during the rollback is accepted by the API and changes nothing on the compute.
  if (c.progression.current(ABORT_KIND, m.id) !== undefined) {
    finishAction(c, action, true);
    return { status: 202 };
  }
  // The copy stops advancing: from now on the migration neither completes nor fails on its own.
  c.progression.cancel('migration', s.id);
  c.progression.start(ABORT_KIND, m.id, [m.status, ROLLED_BACK, 'cancelled'], {
    onState: (change) => {
      if (change.state === ROLLED_BACK) rollBack(c, m);
      else if (change.final) ended(c, m, action, change.state, change.failed ? change.message : undefined);
    },
  });
  return { status: 202 };
}

/** _rollback_live_migration, first: the destination allocation goes back, the task is cleared on the source. */
function rollBack(c: SimCloud, migration: Migration): void {
  const srv = servers(c).get(migration.instanceUuid);
  c.hosts.release(migration.id);
  if (!srv) return;
  srv.taskState = null;
  srv.updatedAt = now(c);
}

/** ... and last the migration's final status (`cancelled`, or a failNext state with the action in Error). */
function ended(c: SimCloud, migration: Migration, action: InstanceAction, status: string, failure: string | undefined): void {
  const m = migrations(c).get(migration.id);
  if (!m) return;
  m.status = status;
  m.updatedAt = now(c);
  finishAction(c, action, failure === undefined, failure);
}

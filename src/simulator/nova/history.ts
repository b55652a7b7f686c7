/**
 * What happened to servers: os-migrations (admin, filters, ≥ 2.59 paging newest first),
 * /servers/{id}/migrations (in-progress live migrations; abort ≥ 2.24 in liveMigrationAbort.ts,
 * force_complete ≥ 2.22),
 * and os-instance-actions (the place async failures are reported after a 202).
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import { abortLiveMigration } from './liveMigrationAbort.js';
import { instanceActions, migrations, observeServer, viewContext, visibleServer } from './store.js';
import { instanceActionView, migrationView } from './views.js';

export function historyRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/os-migrations`, listMigrations, { auth: 'admin' });
  t.get(`${p}/servers/{server_id}/migrations`, (ctx) => {
    const s = visibleServer(ctx, ctx.params.server_id!);
    observeServer(ctx.cloud, s.id);
    const running = migrations(ctx.cloud).filter((m) => m.instanceUuid === s.id && m.migrationType === 'live-migration' && ['queued', 'preparing', 'running'].includes(m.status));
    return json(200, { migrations: running.map((m) => migrationView(viewContext(ctx), m, true)) });
  }, { auth: 'admin' });
  t.get(`${p}/servers/{server_id}/migrations/{migration_id}`, (ctx) => json(200, { migration: migrationView(viewContext(ctx), findRunning(ctx), true) }), { auth: 'admin' });
  t.delete(`${p}/servers/{server_id}/migrations/{migration_id}`, abortLiveMigration, { auth: 'admin' });
  t.post(`${p}/servers/{server_id}/migrations/{migration_id}/action`, (ctx) => {
    const m = findRunning(ctx);
    if (!ctx.body || typeof ctx.body !== 'object' || !('force_complete' in ctx.body)) throw new ApiError(400, 'There is no such action');
    if (m.status !== 'running') throw new ApiError(409, `Migration ${m.numericId} state of instance ${m.instanceUuid} is ${m.status}. Cannot force_complete while the migration is in this state.`);
    // Forcing completion pauses the guest so the copy converges: a poll-paced move finishes now
    // (a time-paced one still takes its time, bounded here so the request always returns).
    for (let i = 0; i < 1000 && ctx.cloud.progression.current('migration', m.instanceUuid) !== undefined; i++) {
      ctx.cloud.progression.observe('migration', m.instanceUuid);
    }
    return { status: 202 };
  }, { auth: 'admin' });
  t.get(`${p}/servers/{server_id}/os-instance-actions`, (ctx) => {
    const s = visibleServer(ctx, ctx.params.server_id!);
    observeServer(ctx.cloud, s.id);
    const list = instanceActions(ctx.cloud).filter((a) => a.instanceUuid === s.id).reverse();
    return json(200, { instanceActions: list.map((a) => instanceActionView(viewContext(ctx), a, false)) });
  });
  t.get(`${p}/servers/{server_id}/os-instance-actions/{request_id}`, (ctx) => {
    const s = visibleServer(ctx, ctx.params.server_id!);
    observeServer(ctx.cloud, s.id);
    const a = instanceActions(ctx.cloud).get(`${s.id}/${ctx.params.request_id}`);
    if (!a) throw new ApiError(404, `Action ${ctx.params.request_id} not found`);
    return json(200, { instanceAction: instanceActionView(viewContext(ctx), a, true) });
  });
}

function findRunning(ctx: RequestContext) {
  const s = visibleServer(ctx, ctx.params.server_id!);
  // Only reads count as polls: abort / force_complete act on the state the client saw.
  if (ctx.method === 'GET') observeServer(ctx.cloud, s.id);
  const id = ctx.params.migration_id!;
  const m = migrations(ctx.cloud).find((x) => x.instanceUuid === s.id && String(x.numericId) === id);
  if (!m) throw new ApiError(404, `Instance ${s.id} is not migrating.`);
  return m;
}

function listMigrations(ctx: RequestContext) {
  const q = ctx.query;
  const host = q.get('host');
  const source = q.get('source_compute');
  const status = q.get('status');
  const type = q.get('migration_type');
  const instance = q.get('instance_uuid');
  for (const m of migrations(ctx.cloud).values()) observeServer(ctx.cloud, m.instanceUuid);
  const all = migrations(ctx.cloud)
    .values()
    .filter((m) => !host || m.sourceCompute === host || m.destCompute === host)
    .filter((m) => !source || m.sourceCompute === source)
    .filter((m) => !status || m.status === status)
    .filter((m) => !type || m.migrationType === type)
    .filter((m) => !instance || m.instanceUuid === instance)
    .reverse();
  const view = viewContext(ctx);
  if (!atLeast(ctx.microversion, '2.59')) return json(200, { migrations: all.map((m) => migrationView(view, m, false)) });
  const page = paginate(all, q, { badMarker: (m) => new ApiError(400, `Marker ${m} could not be found.`) });
  const body: Record<string, unknown> = { migrations: page.items.map((m) => migrationView(view, m, false)) };
  if (page.nextMarker) body.migrations_links = [{ href: `${view.baseUrl}/os-migrations?limit=${q.get('limit')}&marker=${page.nextMarker}`, rel: 'next' }];
  return json(200, body);
}

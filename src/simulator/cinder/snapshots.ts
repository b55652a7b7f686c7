/**
 * /v3/{project_id}/snapshots: create (an in-use volume needs force before 3.66; creating →
 * available), list/detail with paging, show, update, delete (deleting → gone).
 */
import { rmSync } from 'node:fs';
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import { body, checkGigabytes, isAdmin, listLinks, projectOf, viewOf } from './common.js';
import type { Snapshot } from './model.js';
import { newSnapshot, snapshotNotFound } from './snapshotOps.js';
import { snapshots, stamp, volumes } from './store.js';
import { snapshotView } from './views.js';

export function snapshotRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/snapshots`, (ctx) => list(ctx, false));
  t.get(`${p}/snapshots/detail`, (ctx) => list(ctx, true));
  t.get(`${p}/snapshots/{snapshot_id}`, (ctx) => json(200, { snapshot: snapshotView(viewOf(ctx), visible(ctx, ctx.params.snapshot_id!), true) }));
  t.post(`${p}/snapshots`, create);
  t.put(`${p}/snapshots/{snapshot_id}`, (ctx) => {
    const s = visible(ctx, ctx.params.snapshot_id!);
    const b = body(ctx, 'snapshot');
    if (b.name !== undefined) s.name = b.name === null ? null : String(b.name);
    if (b.description !== undefined) s.description = b.description === null ? null : String(b.description);
    s.updatedAt = stamp(ctx.cloud);
    return json(200, { snapshot: snapshotView(viewOf(ctx), s, true) });
  });
  t.delete(`${p}/snapshots/{snapshot_id}`, remove);
}

function visible(ctx: RequestContext, id: string): Snapshot {
  const s = snapshots(ctx.cloud).get(id);
  if (!s || (!isAdmin(ctx) && s.projectId !== projectOf(ctx))) throw snapshotNotFound(id);
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    ctx.cloud.progression.observe('snapshot', id);
    ctx.cloud.progression.observe('snapshot-delete', id);
  }
  return snapshots(ctx.cloud).get(id) ?? s;
}

function list(ctx: RequestContext, detail: boolean) {
  const q = ctx.query;
  const all = isAdmin(ctx) && ['1', 'true', 'True'].includes(q.get('all_tenants') ?? '');
  for (const s of snapshots(ctx.cloud).values()) ctx.cloud.progression.observe('snapshot', s.id);
  const rows = snapshots(ctx.cloud)
    .values()
    .filter((s) => all || s.projectId === projectOf(ctx))
    .filter((s) => !q.get('volume_id') || s.volumeId === q.get('volume_id'))
    .filter((s) => !q.get('status') || s.status === q.get('status'))
    .filter((s) => !q.get('name') || s.name === q.get('name'))
    .reverse();
  const page = paginate(rows, q, { badMarker: (m) => new ApiError(404, `Marker ${m} could not be found.`) });
  return json(200, { snapshots: page.items.map((s) => snapshotView(viewOf(ctx), s, detail)), ...listLinks(ctx, detail ? 'snapshots/detail' : 'snapshots', page.nextMarker) });
}

function create(ctx: RequestContext) {
  const b = body(ctx, 'snapshot');
  const c = ctx.cloud;
  const volumeId = b.volume_id;
  if (typeof volumeId !== 'string') throw new ApiError(400, "Invalid input for field/attribute snapshot. 'volume_id' is a required property");
  const volume = volumes(c).get(volumeId);
  if (!volume || (!isAdmin(ctx) && volume.projectId !== projectOf(ctx))) throw new ApiError(404, `Volume ${volumeId} could not be found.`);
  const force = b.force === true || b.force === 'true' || b.force === 'True';
  const valid = force || atLeast(ctx.microversion, '3.66') ? ['available', 'in-use'] : ['available'];
  if (!valid.includes(volume.status)) {
    throw new ApiError(400, `Invalid volume: Volume ${volume.id} status must be ${valid.join(', ')}, but current status is: ${volume.status}.`);
  }
  const project = volume.projectId;
  const count = snapshots(c).filter((s) => s.projectId === project).length;
  if (!c.quotas.allows(project, 'snapshots', count, 1)) {
    throw new ApiError(413, `SnapshotLimitExceeded: Maximum number of snapshots allowed (${c.quotas.limit(project, 'snapshots')}) exceeded`, { headers: { 'retry-after': '0' } });
  }
  checkGigabytes(ctx, project, volume.size);
  const snapshot = newSnapshot(c, volume.id, {
    name: typeof b.name === 'string' ? b.name : null,
    description: typeof b.description === 'string' ? b.description : null,
    metadata: (b.metadata ?? {}) as Record<string, string>,
    userId: ctx.auth?.userId ?? '',
  });
  c.progression.start('snapshot', snapshot.id, ['creating', 'available'], {
    onState: (change) => {
      const s = snapshots(c).get(snapshot.id);
      if (!s) return;
      s.status = change.failed ? 'error' : change.state;
      s.updatedAt = stamp(c);
    },
  });
  // The create response is the basic view (no extended attributes), as Cinder answers.
  return json(202, { snapshot: snapshotView(viewOf(ctx), snapshots(c).get(snapshot.id) ?? snapshot, false) });
}

function remove(ctx: RequestContext) {
  const s = visible(ctx, ctx.params.snapshot_id!);
  if (!['available', 'error', 'error_deleting'].includes(s.status)) {
    throw new ApiError(400, `Invalid snapshot: Snapshot status must be available or error and must not be part of a group.`);
  }
  const c = ctx.cloud;
  s.status = 'deleting';
  c.progression.start('snapshot-delete', s.id, ['deleting', 'deleted'], {
    onState: (change) => {
      if (!change.final) return;
      const current = snapshots(c).get(s.id);
      if (!current) return;
      if (change.failed) {
        current.status = 'error_deleting';
        return;
      }
      snapshots(c).delete(s.id);
      c.progression.cancel('snapshot', s.id);
      rmSync(current.backingFile, { force: true });
    },
  });
  return { status: 202 };
}

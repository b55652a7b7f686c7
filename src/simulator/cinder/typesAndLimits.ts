/**
 * Volume types (list/show/default, admin create/delete, extra specs) and the block-storage
 * quota views (/limits, /os-quota-sets with ?usage=true, admin update).
 */
import { ApiError } from '../core/errors.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import { body, isAdmin, projectOf } from './common.js';
import { DEFAULT_CINDER_QUOTA, type VolumeType } from './model.js';
import { defaultVolumeType, snapshots, volumeTypes, volumes } from './store.js';
import { volumeTypeView } from './views.js';

export function typeRoutes(t: RouteTable, p: string): void {
  const admin = { auth: 'admin' as const };
  t.get(`${p}/types`, (ctx) => {
    defaultVolumeType(ctx.cloud);
    return json(200, { volume_types: volumeTypes(ctx.cloud).filter((x) => x.isPublic || isAdmin(ctx)).map((x) => volumeTypeView(x, isAdmin(ctx))) });
  });
  t.get(`${p}/types/default`, (ctx) => json(200, { volume_type: volumeTypeView(defaultVolumeType(ctx.cloud), isAdmin(ctx)) }));
  t.get(`${p}/types/{type_id}`, (ctx) => json(200, { volume_type: volumeTypeView(findType(ctx, ctx.params.type_id!), isAdmin(ctx)) }));
  t.post(`${p}/types`, (ctx) => {
    const b = body(ctx, 'volume_type');
    if (typeof b.name !== 'string' || !b.name.trim()) throw new ApiError(400, 'Volume type name can not be empty.');
    if (volumeTypes(ctx.cloud).find((x) => x.name === b.name)) throw new ApiError(409, `Volume Type ${b.name} already exists.`);
    const type: VolumeType = {
      id: ctx.cloud.ids.uuid(),
      name: b.name,
      description: typeof b.description === 'string' ? b.description : null,
      isPublic: b['os-volume-type-access:is_public'] !== false && b.is_public !== false,
      extraSpecs: (b.extra_specs ?? {}) as Record<string, string>,
    };
    volumeTypes(ctx.cloud).put(type);
    return json(200, { volume_type: volumeTypeView(type, true) });
  }, admin);
  t.delete(`${p}/types/{type_id}`, (ctx) => {
    const type = findType(ctx, ctx.params.type_id!);
    if (volumes(ctx.cloud).find((v) => v.volumeTypeId === type.id)) throw new ApiError(400, `Target volume type is still in use.`);
    volumeTypes(ctx.cloud).delete(type.id);
    return { status: 202 };
  }, admin);
  t.get(`${p}/types/{type_id}/extra_specs`, (ctx) => json(200, { extra_specs: findType(ctx, ctx.params.type_id!).extraSpecs }));
  t.post(`${p}/types/{type_id}/extra_specs`, (ctx) => {
    const type = findType(ctx, ctx.params.type_id!);
    const specs = body(ctx, 'extra_specs') as Record<string, string>;
    Object.assign(type.extraSpecs, specs);
    return json(200, { extra_specs: specs });
  }, admin);
}

function findType(ctx: RequestContext, id: string): VolumeType {
  defaultVolumeType(ctx.cloud);
  const type = volumeTypes(ctx.cloud).get(id) ?? volumeTypes(ctx.cloud).find((x) => x.name === id);
  if (!type) throw new ApiError(404, `Volume type ${id} could not be found.`);
  return type;
}

function used(ctx: RequestContext, project: string) {
  const vols = volumes(ctx.cloud).filter((v) => v.projectId === project);
  const snaps = snapshots(ctx.cloud).filter((s) => s.projectId === project);
  return { volumes: vols.length, snapshots: snaps.length, gigabytes: vols.reduce((n, v) => n + v.size, 0) + snaps.reduce((n, s) => n + s.size, 0), backups: 0, backup_gigabytes: 0, groups: 0, per_volume_gigabytes: 0 };
}

export function quotaRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/limits`, (ctx) => {
    const project = projectOf(ctx);
    const q = ctx.cloud.quotas;
    const u = used(ctx, project);
    return json(200, {
      limits: {
        rate: [],
        absolute: {
          totalSnapshotsUsed: u.snapshots,
          maxTotalBackups: q.limit(project, 'backups'),
          maxTotalVolumeGigabytes: q.limit(project, 'gigabytes'),
          maxTotalSnapshots: q.limit(project, 'snapshots'),
          maxTotalBackupGigabytes: q.limit(project, 'backup_gigabytes'),
          totalBackupGigabytesUsed: 0,
          maxTotalVolumes: q.limit(project, 'volumes'),
          totalVolumesUsed: u.volumes,
          totalBackupsUsed: 0,
          totalGigabytesUsed: u.gigabytes,
        },
      },
    });
  });
  t.get(`${p}/os-quota-sets/{target_project}`, (ctx) => {
    const project = ctx.params.target_project!;
    if (!isAdmin(ctx) && project !== projectOf(ctx)) throw new ApiError(403, "Policy doesn't allow volume_extension:quotas:show to be performed.");
    const usage = ctx.query.get('usage') === 'true';
    const u = used(ctx, project) as Record<string, number>;
    const set: Record<string, unknown> = { id: project };
    for (const k of Object.keys(DEFAULT_CINDER_QUOTA)) {
      const limit = ctx.cloud.quotas.limit(project, k);
      set[k] = usage ? { limit, in_use: u[k] ?? 0, reserved: 0, allocated: 0 } : limit;
    }
    return json(200, { quota_set: set });
  });
  t.get(`${p}/os-quota-sets/{target_project}/defaults`, (ctx) => json(200, { quota_set: { id: ctx.params.target_project, ...DEFAULT_CINDER_QUOTA } }));
  t.put(`${p}/os-quota-sets/{target_project}`, (ctx) => {
    const b = body(ctx, 'quota_set');
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(b)) {
      if (!(k in DEFAULT_CINDER_QUOTA)) throw new ApiError(400, `Bad key(s) in quota set: ${k}`);
      const n = Number(v);
      if (!Number.isInteger(n) || n < -1) throw new ApiError(400, `Invalid input received: Quota limit ${String(v)} for ${k} must be -1 or greater.`);
      ctx.cloud.quotas.set(ctx.params.target_project!, k, n);
      out[k] = n;
    }
    return json(200, { quota_set: out });
  }, { auth: 'admin' });
}

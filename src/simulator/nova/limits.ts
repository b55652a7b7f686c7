/**
 * /limits and /os-quota-sets: the project's compute quota and what it uses. Limits come from
 * the core's Quotas (defaults set in Nova's seed, scenario overrides, admin updates).
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import { DEFAULT_NOVA_QUOTA, type NovaQuota } from './model.js';
import { keypairs, projectOf, servers } from './store.js';

const KEYS = Object.keys(DEFAULT_NOVA_QUOTA) as (keyof NovaQuota)[];

function usage(ctx: RequestContext, project: string) {
  const mine = servers(ctx.cloud).filter((s) => s.projectId === project && s.vmState !== 'deleted');
  return {
    instances: mine.length,
    cores: mine.reduce((n, s) => n + s.flavor.vcpus, 0),
    ram: mine.reduce((n, s) => n + s.flavor.ram, 0),
    key_pairs: keypairs(ctx.cloud).filter((k) => k.userId === ctx.auth?.userId).length,
  };
}

export function limitRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/limits`, (ctx) => {
    const project = ctx.auth?.roles.includes('admin') && ctx.query.get('tenant_id') ? ctx.query.get('tenant_id')! : projectOf(ctx);
    const q = ctx.cloud.quotas;
    const used = usage(ctx, project);
    return json(200, {
      limits: {
        rate: [],
        absolute: {
          maxServerMeta: q.limit(project, 'metadata_items'),
          maxTotalCores: q.limit(project, 'cores'),
          maxTotalInstances: q.limit(project, 'instances'),
          maxTotalKeypairs: q.limit(project, 'key_pairs'),
          maxTotalRAMSize: q.limit(project, 'ram'),
          maxServerGroups: q.limit(project, 'server_groups'),
          maxServerGroupMembers: q.limit(project, 'server_group_members'),
          totalCoresUsed: used.cores,
          totalInstancesUsed: used.instances,
          totalRAMUsed: used.ram,
          totalServerGroupsUsed: 0,
          ...(atLeast(ctx.microversion, '2.57') ? {} : { maxPersonality: 5, maxPersonalitySize: 10240 }),
          // Network proxies were dropped at 2.36 and maxImageMeta at 2.39.
          ...(atLeast(ctx.microversion, '2.36') ? {} : { maxSecurityGroups: 10, maxSecurityGroupRules: 20, maxTotalFloatingIps: 10, totalFloatingIpsUsed: 0, totalSecurityGroupsUsed: 0 }),
          ...(atLeast(ctx.microversion, '2.39') ? {} : { maxImageMeta: 128 }),
        },
      },
    });
  });
  t.get(`${p}/os-quota-sets/{project_id}`, (ctx) => json(200, { quota_set: quotaSet(ctx, ctx.params.project_id!, false) }));
  t.get(`${p}/os-quota-sets/{project_id}/detail`, (ctx) => json(200, { quota_set: quotaSet(ctx, ctx.params.project_id!, true) }));
  t.get(`${p}/os-quota-sets/{project_id}/defaults`, (ctx) => json(200, { quota_set: { id: ctx.params.project_id, ...DEFAULT_NOVA_QUOTA } }));
  t.put(`${p}/os-quota-sets/{project_id}`, (ctx) => {
    const body = (ctx.body as { quota_set?: Record<string, unknown> } | undefined)?.quota_set;
    if (!body || typeof body !== 'object') throw new ApiError(400, "Invalid input for field/attribute quota_set. 'quota_set' is a required property");
    for (const [k, v] of Object.entries(body)) {
      if (k === 'force') continue;
      if (!(KEYS as string[]).includes(k)) throw new ApiError(400, `Invalid input for field/attribute quota_set. Additional properties are not allowed ('${k}' was unexpected)`);
      const n = Number(v);
      if (!Number.isInteger(n) || n < -1) throw new ApiError(400, `Quota limit ${String(v)} for ${k} must be -1 or greater.`);
      ctx.cloud.quotas.set(ctx.params.project_id!, k, n);
    }
    const set = quotaSet(ctx, ctx.params.project_id!, false);
    delete set.id;
    return json(200, { quota_set: set });
  }, { auth: 'admin' });
}

function quotaSet(ctx: RequestContext, project: string, detail: boolean): Record<string, unknown> {
  if (!ctx.auth?.roles.includes('admin') && project !== projectOf(ctx)) throw new ApiError(403, `Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.`);
  const used = usage(ctx, project) as Record<string, number>;
  const out: Record<string, unknown> = { id: project };
  for (const k of KEYS) {
    const limit = ctx.cloud.quotas.limit(project, k);
    out[k] = detail ? { limit, in_use: used[k] ?? 0, reserved: 0 } : limit;
  }
  return out;
}

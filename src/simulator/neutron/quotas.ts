/**
 * Neutron quotas: GET /v2.0/quotas/{project_id} (own project or admin), /details with used
 * counts, PUT (admin) and DELETE (admin, back to defaults). Limits live in cloud.quotas.
 */
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { isAdmin } from './common.js';
import { neutronQuotaDefaults } from './model.js';

const kinds: Record<string, string> = {
  network: 'networks',
  subnet: 'subnets',
  port: 'ports',
  router: 'routers',
  floatingip: 'floatingips',
  security_group: 'security_groups',
  security_group_rule: 'security_group_rules',
};

function limits(ctx: RequestContext, projectId: string): Record<string, number> {
  return Object.fromEntries(Object.keys(neutronQuotaDefaults).map((r) => [r, ctx.cloud.quotas.limit(projectId, r)]));
}

function project(ctx: RequestContext): string {
  const id = ctx.params.project_id!;
  if (id !== ctx.auth!.projectId && !isAdmin(ctx)) throw new ApiError(403, 'Non-admin is not authorized to access quotas for another project', { type: 'HTTPForbidden' });
  return id;
}

export function quotaRoutes(t: RouteTable): void {
  t.get('/v2.0/quotas/{project_id}', (ctx) => ({ status: 200, body: { quota: limits(ctx, project(ctx)) } }));
  t.get('/v2.0/quotas/{project_id}/details', (ctx) => {
    const id = project(ctx);
    const quota = Object.fromEntries(
      Object.entries(limits(ctx, id)).map(([r, limit]) => {
        const used = ctx.cloud.state.collection<{ id: string; project_id: string }>(kinds[r]!).filter((x) => x.project_id === id).length;
        return [r, { limit, used, reserved: 0 }];
      }),
    );
    return { status: 200, body: { quota } };
  });
  t.put(
    '/v2.0/quotas/{project_id}',
    (ctx) => {
      const quota = (ctx.body as { quota?: Record<string, unknown> } | undefined)?.quota;
      if (!quota || typeof quota !== 'object') throw new ApiError(400, "Unable to find 'quota' in request body", { type: 'HTTPBadRequest' });
      for (const [r, v] of Object.entries(quota)) {
        if (!(r in neutronQuotaDefaults)) throw new ApiError(400, `Unrecognized attribute(s) '${r}'`, { type: 'HTTPBadRequest' });
        const n = Number(v);
        if (!Number.isInteger(n) || n < -1) throw new ApiError(400, `Invalid input for ${r}. Reason: '${String(v)}' is not an integer >= -1.`, { type: 'HTTPBadRequest' });
        ctx.cloud.quotas.set(ctx.params.project_id!, r, n);
      }
      return { status: 200, body: { quota: limits(ctx, ctx.params.project_id!) } };
    },
    { auth: 'admin' },
  );
  t.delete(
    '/v2.0/quotas/{project_id}',
    (ctx) => {
      for (const r of Object.keys(neutronQuotaDefaults)) ctx.cloud.quotas.set(ctx.params.project_id!, r, ctx.cloud.quotas.limit('\u0000default', r));
      return { status: 204 };
    },
    { auth: 'admin' },
  );
}

/**
 * Request helpers shared by Cinder's handlers: who asks, the view context, visibility and the
 * over-quota errors (413 overLimit, with Cinder's messages).
 */
import { ApiError } from '../core/errors.js';
import type { RequestContext } from '../core/router.js';
import type { Volume } from './model.js';
import type { CinderViewContext } from './views.js';
import { snapshots, volumeNotFound, volumes } from './store.js';

export const isAdmin = (ctx: RequestContext): boolean => ctx.auth?.roles.includes('admin') ?? false;
export const projectOf = (ctx: RequestContext): string => ctx.auth?.projectId ?? '';

export function viewOf(ctx: RequestContext): CinderViewContext {
  if (!ctx.microversion) throw new Error('Cinder routes are versioned');
  return { baseUrl: `${ctx.origin}/v3`, projectId: projectOf(ctx), version: ctx.microversion, isAdmin: isAdmin(ctx) };
}

export function visibleVolume(ctx: RequestContext, id: string): Volume {
  const v = volumes(ctx.cloud).get(id);
  if (!v || (!isAdmin(ctx) && v.projectId !== projectOf(ctx))) throw volumeNotFound(id);
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    ctx.cloud.progression.observe('volume', id);
    ctx.cloud.progression.observe('volume-delete', id);
  }
  return volumes(ctx.cloud).get(id) ?? v;
}

export function body(ctx: RequestContext, key: string): Record<string, unknown> {
  const b = ctx.body as Record<string, unknown> | undefined;
  const value = b?.[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(400, `Missing required element '${key}' in request body.`);
  return value as Record<string, unknown>;
}

/** Volume count and gigabytes against quota (413, as Cinder's QuotaError subclasses). */
export function checkVolumeQuota(ctx: RequestContext, project: string, sizeGb: number): void {
  const c = ctx.cloud;
  const mine = volumes(c).filter((v) => v.projectId === project);
  if (!c.quotas.allows(project, 'volumes', mine.length, 1)) {
    throw new ApiError(413, `VolumeLimitExceeded: Maximum number of volumes allowed (${c.quotas.limit(project, 'volumes')}) exceeded for quota 'volumes'.`, { headers: { 'retry-after': '0' } });
  }
  checkGigabytes(ctx, project, sizeGb);
}

export function checkGigabytes(ctx: RequestContext, project: string, sizeGb: number): void {
  const c = ctx.cloud;
  const used = volumes(c).filter((v) => v.projectId === project).reduce((n, v) => n + v.size, 0) + snapshots(c).filter((s) => s.projectId === project).reduce((n, s) => n + s.size, 0);
  if (!c.quotas.allows(project, 'gigabytes', used, sizeGb)) {
    throw new ApiError(413, `VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${sizeGb}G, quota is ${c.quotas.limit(project, 'gigabytes')}G and ${used}G has been consumed.`, { headers: { 'retry-after': '0' } });
  }
}

export function listLinks(ctx: RequestContext, collection: string, nextMarker: string | undefined): Record<string, unknown> {
  if (!nextMarker) return {};
  const q = new URLSearchParams(ctx.query);
  q.set('marker', nextMarker);
  const name = collection.split('/')[0]!;
  return { [`${name}_links`]: [{ href: `${ctx.origin}/v3/${projectOf(ctx)}/${collection}?${q.toString()}`, rel: 'next' }] };
}

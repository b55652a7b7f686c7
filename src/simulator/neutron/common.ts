/**
 * What every Neutron resource handler shares: visibility (own project, admin, shared/external
 * networks), query filters (any attribute, repeated = OR, tags / tags-any / not-tags /
 * not-tags-any), `fields`, pagination with `<plural>_links`, body envelopes and attribute
 * checks that give Neutron's own 400 messages, and the NotFound/OverQuota errors.
 */
import { ApiError } from '../core/errors.js';
import { paginate } from '../core/pagination.js';
import type { Reply, RequestContext } from '../core/router.js';
import type { Standard } from './model.js';

export const isAdmin = (ctx: RequestContext): boolean => ctx.auth?.roles.includes('admin') ?? false;

const reserved = new Set(['limit', 'marker', 'fields', 'sort_key', 'sort_dir', 'page_reverse', 'tags', 'tags-any', 'not-tags', 'not-tags-any']);

/** Neutron's query filtering: every other parameter must equal the attribute (any of repeated values). */
export function applyFilters<T extends Standard>(ctx: RequestContext, items: T[]): T[] {
  const q = ctx.query;
  const filters = [...new Set([...q.keys()].filter((k) => !reserved.has(k)))].map((k) => [k, q.getAll(k)] as const);
  const tagSet = (k: string) => q.getAll(k).flatMap((v) => v.split(',')).filter(Boolean);
  const [all, any, notAll, notAny] = ['tags', 'tags-any', 'not-tags', 'not-tags-any'].map(tagSet) as [string[], string[], string[], string[]];
  return items.filter((item) => {
    const rec = item as unknown as Record<string, unknown>;
    for (const [key, values] of filters) {
      if (!(key in rec)) continue; // Neutron ignores unknown filters by default
      const actual = rec[key];
      const text = Array.isArray(actual) ? actual.map(String) : [actual === null ? 'None' : String(actual)];
      if (!values.some((v) => text.includes(v))) return false;
    }
    if (all.length && !all.every((t) => item.tags.includes(t))) return false;
    if (any.length && !any.some((t) => item.tags.includes(t))) return false;
    if (notAll.length && notAll.every((t) => item.tags.includes(t))) return false;
    if (notAny.length && notAny.some((t) => item.tags.includes(t))) return false;
    return true;
  });
}

/** Keeps only the requested `fields` (always all when none are given). */
export function pickFields(ctx: RequestContext, view: Record<string, unknown>): Record<string, unknown> {
  const fields = ctx.query.getAll('fields').flatMap((f) => f.split(','));
  if (fields.length === 0) return view;
  return Object.fromEntries(fields.filter((f) => f in view).map((f) => [f, view[f]]));
}

/** Neutron's sorting extension: repeated sort_key/sort_dir pairs; creation order otherwise. */
function sorted<T extends Standard>(ctx: RequestContext, items: T[]): T[] {
  const keys = ctx.query.getAll('sort_key');
  if (keys.length === 0) return items;
  const dirs = ctx.query.getAll('sort_dir');
  for (const d of dirs) if (d !== 'asc' && d !== 'desc') throw new ApiError(400, `Invalid input for operation: ${d} is invalid value for sort_dir.`, { type: 'InvalidInput' });
  return [...items].sort((a, b) => {
    for (const [i, key] of keys.entries()) {
      const x = String((a as unknown as Record<string, unknown>)[key] ?? '');
      const y = String((b as unknown as Record<string, unknown>)[key] ?? '');
      if (x !== y) return (x < y ? -1 : 1) * (dirs[i] === 'desc' ? -1 : 1);
    }
    return 0;
  });
}

/** A list reply: filters, sort_key/sort_dir, limit/marker, fields, and `<plural>_links`. */
export function listReply<T extends Standard>(ctx: RequestContext, plural: string, items: T[], view: (t: T) => Record<string, unknown>): Reply {
  const page = paginate(sorted(ctx, applyFilters(ctx, items)), ctx.query, {
    badMarker: (m) => new ApiError(404, `Marker ${m} could not be found.`, { type: 'NotFound' }),
  });
  const body: Record<string, unknown> = { [plural]: page.items.map((i) => pickFields(ctx, view(i))) };
  if (ctx.query.has('limit')) {
    const links: { rel: string; href: string }[] = [];
    const link = (marker: string, rel: string, reverse: boolean) => {
      const q = new URLSearchParams(ctx.query);
      q.set('marker', marker);
      if (reverse) q.set('page_reverse', 'True');
      else q.delete('page_reverse');
      links.push({ rel, href: `${ctx.origin}${ctx.path}?${q.toString()}` });
    };
    if (page.nextMarker) link(page.nextMarker, 'next', false);
    if (ctx.query.has('marker') && page.items[0]) link(page.items[0].id, 'previous', true);
    body[`${plural}_links`] = links;
  }
  return { status: 200, body };
}

export function showReply(ctx: RequestContext, singular: string, view: Record<string, unknown>, status = 200): Reply {
  return { status, body: { [singular]: pickFields(ctx, view) } };
}

/** The `{ "<singular>": {...} }` envelope of a POST/PUT; Neutron's 400s when it is missing or has unknown keys. */
export function bodyOf(ctx: RequestContext, singular: string, allowed: readonly string[]): Record<string, unknown> {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') throw new ApiError(400, 'Resource body required', { type: 'HTTPBadRequest' });
  const inner = body[singular];
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) {
    throw new ApiError(400, `Unable to find '${singular}' in request body`, { type: 'HTTPBadRequest' });
  }
  const unknown = Object.keys(inner).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new ApiError(400, `Unrecognized attribute(s) '${unknown.join(', ')}'`, { type: 'HTTPBadRequest' });
  return inner as Record<string, unknown>;
}

/** A 400 naming the attribute, in Neutron's words. */
export function invalid(attribute: string, reason: string): ApiError {
  return new ApiError(400, `Invalid input for ${attribute}. Reason: ${reason}.`, { type: 'HTTPBadRequest' });
}

export function notFound(type: string, message: string): ApiError {
  return new ApiError(404, message, { type });
}

export function overQuota(resource: string): ApiError {
  return new ApiError(409, `Quota exceeded for resources: ['${resource}'].`, { type: 'OverQuota' });
}

/** The project a new resource belongs to: the token's, or any project when an admin says so. */
export function owner(ctx: RequestContext, attrs: Record<string, unknown>): string {
  const requested = (attrs.project_id ?? attrs.tenant_id) as string | undefined;
  if (requested && requested !== ctx.auth!.projectId && !isAdmin(ctx)) {
    throw new ApiError(403, 'Not authorized to create a resource in another project.', { type: 'HTTPForbidden' });
  }
  return requested ?? ctx.auth!.projectId;
}

export const str = (v: unknown, attribute: string, fallback = ''): string => {
  if (v === undefined) return fallback;
  if (typeof v !== 'string') throw invalid(attribute, `'${JSON.stringify(v)}' is not a valid string`);
  return v;
};
export const bool = (v: unknown, attribute: string, fallback: boolean): boolean => {
  if (v === undefined) return fallback;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True') return true;
  if (v === 'false' || v === 'False') return false;
  throw invalid(attribute, `'${JSON.stringify(v)}' is not a valid boolean value`);
};

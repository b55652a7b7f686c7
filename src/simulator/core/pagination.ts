/**
 * limit/marker pagination as Nova, Neutron, Cinder, Glance and Ironic do it: items after the
 * marker's position, at most `limit` of them; a next link when the page is full. Each service
 * renders the link its own way (`servers_links`, `networks_links`, Glance's `next`, Ironic's `next`).
 */
import { ApiError } from './errors.js';

export interface Page<T> {
  items: T[];
  /** The marker for the next page (the last item's id) when the page is full, else undefined. */
  nextMarker: string | undefined;
}

export interface PaginateOptions {
  /** Cap on limit and the page size when no limit is given (Nova's max_limit is 1000). */
  maxLimit?: number;
  /** Error for an unknown marker (Nova: 400 "marker [x] not found"; Neutron: 404). */
  badMarker?: (marker: string) => ApiError;
}

export function paginate<T extends { id: string }>(all: T[], query: URLSearchParams, options: PaginateOptions = {}): Page<T> {
  const maxLimit = options.maxLimit ?? 1000;
  const rawLimit = query.get('limit');
  let limit = maxLimit;
  if (rawLimit !== null) {
    const n = Number(rawLimit);
    if (!Number.isInteger(n) || n < 0) throw new ApiError(400, `limit must be a non-negative integer, got '${rawLimit}'`);
    limit = Math.min(n, maxLimit);
  }
  let start = 0;
  const marker = query.get('marker');
  if (marker !== null) {
    const at = all.findIndex((item) => item.id === marker);
    if (at < 0) throw options.badMarker?.(marker) ?? new ApiError(400, `marker [${marker}] not found`);
    start = at + 1;
  }
  const items = all.slice(start, start + limit);
  const full = items.length > 0 && items.length === limit && (rawLimit !== null || start + limit < all.length);
  return { items, nextMarker: full ? items[items.length - 1]!.id : undefined };
}

/** `base + path` with the request's query, the marker replaced: the href of a `next` link. */
export function nextHref(base: string, path: string, query: URLSearchParams, marker: string): string {
  const q = new URLSearchParams(query);
  q.set('marker', marker);
  return `${base}${path}?${q.toString()}`;
}

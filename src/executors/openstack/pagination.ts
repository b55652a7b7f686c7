/**
 * Walks every page of a list call. Follows the service's own `next` pointer — Nova/Cinder/Neutron
 * `<key>_links: [{rel: next}]`, Glance/Ironic `next` — by taking only its query (marker, limit…)
 * and re-issuing it on the same path, so a proxy that rewrites hosts cannot send our token
 * elsewhere. Falls back to limit/marker when a full page carries no link.
 */
import type { OpenStackClient, Query, RequestSpec } from './client.js';

export interface PageOptions {
  /** The array's key in the body: 'servers', 'networks', 'images'… */
  key: string;
  /** Items per page requested with `limit`; omitted for services that do not paginate. */
  pageSize?: number;
}

function nextHref(body: Record<string, unknown>, key: string): string | undefined {
  const links = body[`${key}_links`];
  if (Array.isArray(links)) {
    const next = links.find((l: { rel?: string }) => l?.rel === 'next') as { href?: string } | undefined;
    if (next?.href) return next.href;
  }
  return typeof body.next === 'string' && body.next ? body.next : undefined;
}

function queryOf(href: string): Query {
  const q: Record<string, string | string[]> = {};
  for (const [k, v] of new URL(href, 'http://x').searchParams) {
    const prev = q[k];
    q[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return q;
}

function identity(item: unknown): string | undefined {
  const o = item as { id?: unknown; uuid?: unknown } | null;
  const id = o?.id ?? o?.uuid;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export async function* paginate<T>(client: OpenStackClient, spec: Omit<RequestSpec, 'method'> & { method?: string }, options: PageOptions): AsyncGenerator<T> {
  let query: Query = { ...spec.query, ...(options.pageSize ? { limit: options.pageSize } : {}) };
  const seen = new Set<string>();
  const yielded = new Set<string>();
  for (;;) {
    const res = await client.request<Record<string, unknown>>({ ...spec, method: spec.method ?? 'GET', query });
    const items = (res.body?.[options.key] ?? []) as T[];
    let fresh = 0;
    for (const item of items) {
      // A service that ignores limit/marker (Neutron without pagination) answers the same page
      // again; never hand out an item twice.
      const id = identity(item);
      if (id !== undefined) {
        if (yielded.has(id)) continue;
        yielded.add(id);
      }
      fresh++;
      yield item;
    }
    if (fresh === 0) return;
    const href = nextHref(res.body ?? {}, options.key);
    let next: Query | undefined;
    if (href) next = queryOf(href);
    else if (options.pageSize && items.length >= options.pageSize) {
      const last = items[items.length - 1] as { id?: string; uuid?: string; name?: string } | undefined;
      const marker = last?.id ?? last?.uuid ?? last?.name;
      if (marker) next = { ...query, marker };
    }
    if (!next || items.length === 0) return;
    const fingerprint = JSON.stringify(next);
    if (seen.has(fingerprint)) return; // a server repeating its link would loop forever
    seen.add(fingerprint);
    query = next;
  }
}

export async function listAll<T>(client: OpenStackClient, spec: Omit<RequestSpec, 'method'> & { method?: string }, options: PageOptions): Promise<T[]> {
  const out: T[] = [];
  for await (const item of paginate<T>(client, spec, options)) out.push(item);
  return out;
}

/** Small helpers the kind exporters share. */
import type { SnapshotResource } from '../types.js';

export function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}

export function owner(r: { project_id?: string; tenant_id?: unknown }): string | undefined {
  return r.project_id ?? (typeof r.tenant_id === 'string' ? r.tenant_id : undefined);
}

/** Sorted copy (for lists whose order carries no meaning: tags, ids, zones). */
export function sorted(list: readonly string[] | null | undefined): string[] {
  return [...(list ?? [])].sort();
}

export function orNull<T>(v: T | undefined | ''): T | null {
  return v === undefined || v === '' ? null : v;
}

/** Every snapshot resource needs a name; a nameless one is known by its id. */
export function nameOf(r: { name?: string | null; id: string }): string {
  return r.name ? r.name : r.id;
}

export const nameKey = (r: SnapshotResource) => `${String(r.params.name)}\u0000${String(r._info.id ?? '')}`;
export const nameFilter = (r: SnapshotResource) => String(r.params.name ?? '');

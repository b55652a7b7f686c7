/**
 * A cloud's state: plain maps, one `Collection` per resource kind, owned by the service that
 * serves it ('networks', 'servers', 'volumes', ...). Services keep *all* their state here (never
 * in module-level variables) so that `SimCloud.reset()` can clear it and re-seed. Iteration
 * follows insertion order, which is what marker pagination walks.
 */

/** One kind of resource, keyed by id. Records are stored as-is: mutate them in place. */
export class Collection<T extends { id: string }> {
  private readonly items = new Map<string, T>();
  /** Secondary indexes built on first use by `where`/`count`; only for fields that never change. */
  private readonly indexes = new Map<string, Map<unknown, Map<string, T>>>();

  get(id: string): T | undefined {
    return this.items.get(id);
  }
  has(id: string): boolean {
    return this.items.has(id);
  }
  /** Inserts or replaces (replacing keeps the original insertion position). */
  put(item: T): T {
    const old = this.items.get(item.id);
    if (old) this.unindex(old);
    this.items.set(item.id, item);
    for (const [field, index] of this.indexes) addTo(index, (item as Record<string, unknown>)[field], item);
    return item;
  }
  delete(id: string): boolean {
    const old = this.items.get(id);
    if (old) this.unindex(old);
    return this.items.delete(id);
  }
  /**
   * Records whose `field` equals `value`, via an index kept up to date by put/delete. Use it only
   * for fields that are never changed in place (project_id, network_id, ...): the index would not see it.
   */
  where(field: keyof T & string, value: unknown): T[] {
    const hits = this.index(field).get(value);
    return hits ? [...hits.values()] : [];
  }
  /** How many records have `field` equal to `value` (same rule as `where`). */
  count(field: keyof T & string, value: unknown): number {
    return this.index(field).get(value)?.size ?? 0;
  }
  private index(field: string): Map<unknown, Map<string, T>> {
    let index = this.indexes.get(field);
    if (!index) {
      index = new Map();
      for (const item of this.items.values()) addTo(index, (item as Record<string, unknown>)[field], item);
      this.indexes.set(field, index);
    }
    return index;
  }
  private unindex(item: T): void {
    for (const [field, index] of this.indexes) {
      const key = (item as Record<string, unknown>)[field];
      const ids = index.get(key);
      ids?.delete(item.id);
      if (ids?.size === 0) index.delete(key);
    }
  }
  /** All records in insertion order (a copy: safe to delete while iterating). */
  values(): T[] {
    return [...this.items.values()];
  }
  find(predicate: (item: T) => boolean): T | undefined {
    for (const item of this.items.values()) if (predicate(item)) return item;
    return undefined;
  }
  filter(predicate: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (const item of this.items.values()) if (predicate(item)) out.push(item);
    return out;
  }
  get size(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
    this.indexes.clear();
  }
}

function addTo<T extends { id: string }>(index: Map<unknown, Map<string, T>>, key: unknown, item: T): void {
  let hits = index.get(key);
  if (!hits) index.set(key, (hits = new Map()));
  hits.set(item.id, item);
}

export class CloudState {
  private readonly collections = new Map<string, Collection<{ id: string }>>();

  /** The collection named `kind`, created on first use. Name it after the API's plural ('networks'). */
  collection<T extends { id: string }>(kind: string): Collection<T> {
    let c = this.collections.get(kind);
    if (!c) {
      c = new Collection();
      this.collections.set(kind, c);
    }
    return c as unknown as Collection<T>;
  }
  /** Record counts per kind, for diagnostics and the benchmark. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.collections].map(([k, c]) => [k, c.size]));
  }
  clear(): void {
    for (const c of this.collections.values()) c.clear();
  }
}

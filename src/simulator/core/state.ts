/**
 * A cloud's state: plain maps, one `Collection` per resource kind, owned by the service that
 * serves it ('networks', 'servers', 'volumes', ...). Services keep *all* their state here (never
 * in module-level variables) so that `SimCloud.reset()` can clear it and re-seed. Iteration
 * follows insertion order, which is what marker pagination walks.
 */

/** One kind of resource, keyed by id. Records are stored as-is: mutate them in place. */
export class Collection<T extends { id: string }> {
  private readonly items = new Map<string, T>();

  get(id: string): T | undefined {
    return this.items.get(id);
  }
  has(id: string): boolean {
    return this.items.has(id);
  }
  /** Inserts or replaces (replacing keeps the original insertion position). */
  put(item: T): T {
    this.items.set(item.id, item);
    return item;
  }
  delete(id: string): boolean {
    return this.items.delete(id);
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
  }
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

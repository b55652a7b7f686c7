/**
 * Bounded slots: at most `limit(key)` steps hold a slot with the same key at once (a
 * conversion-host pair's parallel transfers, a source node's concurrent moves). Non-blocking:
 * the runner asks, and an item that gets no slot waits for the next tick.
 */
export class Slots {
  private readonly held = new Map<string, number>();

  constructor(private readonly limit: (key: string) => number) {}

  tryTake(key: string | undefined): boolean {
    if (key === undefined) return true;
    const n = this.held.get(key) ?? 0;
    if (n >= Math.max(1, this.limit(key))) return false;
    this.held.set(key, n + 1);
    return true;
  }

  release(key: string | undefined): void {
    if (key === undefined) return;
    const n = (this.held.get(key) ?? 1) - 1;
    if (n <= 0) this.held.delete(key);
    else this.held.set(key, n);
  }

  inUse(key: string): number {
    return this.held.get(key) ?? 0;
  }
}

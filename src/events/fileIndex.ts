/**
 * The file backend's in-memory index, rebuilt by the scan on open: where each position lives
 * (segment and byte offset), each stream's positions, and recently appended ids for idempotent
 * retries under 'any'. Events themselves stay on disk; a position costs 8 bytes here.
 */
const RECENT_IDS = 100_000;

export interface SegmentExtent {
  firstPosition: number;
  path: string;
  name: string;
  /** Bytes of durable, acknowledged records; readers never look past this. */
  bytes: number;
}

export class FileIndex {
  readonly segments: SegmentExtent[] = [];
  private offsets = new Float64Array(1024);
  count = 0;
  private readonly streams = new Map<string, number[]>();
  private readonly recent = new Map<string, { stream: string; version: number }>();
  // Eviction order as a ring: deleting a Map's oldest key via keys().next() gets slower with
  // every deletion in V8 (deleted slots are skipped until a rehash), which made open quadratic.
  private readonly ring: string[] = new Array<string>(RECENT_IDS);
  private ringNext = 0;

  add(position: number, offset: number, stream: string, id: string): number {
    if (position >= this.offsets.length) {
      const bigger = new Float64Array(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    this.offsets[position] = offset;
    this.count = Math.max(this.count, position + 1);
    let positions = this.streams.get(stream);
    if (!positions) this.streams.set(stream, (positions = []));
    positions.push(position);
    this.remember(id, stream, positions.length - 1);
    return positions.length - 1;
  }

  private remember(id: string, stream: string, version: number): void {
    const evicted = this.ring[this.ringNext];
    if (evicted !== undefined) this.recent.delete(evicted);
    this.ring[this.ringNext] = id;
    this.ringNext = (this.ringNext + 1) % RECENT_IDS;
    this.recent.set(id, { stream, version });
  }

  version(stream: string): number {
    return (this.streams.get(stream)?.length ?? 0) - 1;
  }

  positionOf(stream: string, version: number): number | undefined {
    return this.streams.get(stream)?.[version];
  }

  streamNames(prefix: string): string[] {
    return [...this.streams.keys()].filter((name) => name.startsWith(prefix)).sort();
  }

  streamPositions(stream: string): readonly number[] {
    return this.streams.get(stream) ?? [];
  }

  recentId(id: string): { stream: string; version: number } | undefined {
    return this.recent.get(id);
  }

  /** The segment holding `position` and the byte offset of its frame. */
  locate(position: number): { segment: SegmentExtent; offset: number } {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid]!.firstPosition <= position) lo = mid;
      else hi = mid - 1;
    }
    return { segment: this.segments[lo]!, offset: this.offsets[position]! };
  }
}

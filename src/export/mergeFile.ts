/**
 * Merges a fresh export of one kind into the file already in the repository:
 *   - a resource the operator edited by hand (params differ from what the exporter last wrote,
 *     or the file did not come from this exporter) is left as it is and reported, unless --force;
 *   - a resource gone from the cloud is dropped, unless it was edited by hand (then kept and reported);
 *   - a resource without `_info.id` was written by hand and is kept;
 *   - resources outside this export's --name-filter are kept untouched.
 * The result is sorted by the kind's stable key so that output depends only on content.
 */
import { paramsDigest } from './digest.js';
import type { KindExporter, SnapshotResource } from './types.js';

export interface MergeInput {
  exporter: KindExporter;
  existing: SnapshotResource[] | undefined;
  fresh: SnapshotResource[];
  /** id → digest of params as last exported into this file. */
  digests: Record<string, string>;
  inScope: (r: SnapshotResource) => boolean;
  force: boolean;
}

export interface MergeResult {
  resources: SnapshotResource[];
  digests: Record<string, string>;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Labels of resources whose hand edits were kept (and so not refreshed from the cloud). */
  keptEdits: string[];
}

const idOf = (r: SnapshotResource) => (typeof r._info?.id === 'string' ? r._info.id : undefined);
const same = (a: unknown, b: unknown) => paramsDigest(a) === paramsDigest(b);

export function mergeFile(m: MergeInput): MergeResult {
  const label = (r: SnapshotResource) => `${m.exporter.kind} ${m.exporter.filterName(r) || idOf(r) || '?'}${idOf(r) ? ` (${idOf(r)})` : ''}`;
  const result: MergeResult = { resources: [], digests: {}, added: 0, updated: 0, removed: 0, unchanged: 0, keptEdits: [] };
  const existingById = new Map<string, SnapshotResource>();
  for (const r of m.existing ?? []) {
    const id = idOf(r);
    if (id !== undefined && !existingById.has(id)) existingById.set(id, r);
    else result.resources.push(r); // hand-written (no id) or a duplicate: not ours to touch
  }
  const edited = (r: SnapshotResource, id: string) => {
    const last = m.digests[id];
    return last === undefined ? true : paramsDigest(r.params) !== last;
  };
  for (const f of m.fresh) {
    const id = idOf(f)!;
    const old = existingById.get(id);
    existingById.delete(id);
    if (!old) {
      result.added++;
    } else if (same(old.params, f.params)) {
      if (paramsDigest(old) === paramsDigest(f)) result.unchanged++;
      else result.updated++;
    } else if (edited(old, id) && !m.force) {
      result.keptEdits.push(label(old));
      result.resources.push(old);
      if (m.digests[id]) result.digests[id] = m.digests[id]!;
      continue;
    } else {
      result.updated++;
    }
    result.resources.push(f);
    result.digests[id] = paramsDigest(f.params);
  }
  for (const [id, old] of existingById) {
    if (!m.inScope(old)) {
      result.resources.push(old);
      if (m.digests[id]) result.digests[id] = m.digests[id]!;
    } else if (edited(old, id) && !m.force) {
      result.keptEdits.push(`${label(old)}, gone from the source`);
      result.resources.push(old);
    } else {
      result.removed++;
    }
  }
  const keyed = result.resources.map((r) => ({ r, key: r.params && typeof r.params === 'object' ? m.exporter.sortKey(r) : '' }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  result.resources = keyed.map((k) => k.r);
  return result;
}

/**
 * The comparator: Watcher's vm_workload_consolidation consolidation phase (research §5.3) on
 * allocations instead of metrics (as node_resource_consolidation does, §5.4). Hosts are ranked
 * by vCPU load; sources are taken from the least loaded end, their servers by descending vCPU,
 * each moved to the first host that fits scanning from the most loaded end; the sweep stops
 * where the two ends meet. Unlike ours it moves servers even when the source cannot be emptied,
 * which is exactly the cost the comparison shows. It is given the same rules (packing.ts: zone,
 * headroom, anti-affinity) so the numbers compare like with like; Watcher itself checks none.
 */
import type { Estate, PlanOptions } from './model.js';
import { bundlesByHost, Occupancy, serverCount } from './packing.js';

export interface FirstFitResult {
  /** Schedulable hosts left without servers (Watcher's released_compute_nodes_count). */
  freed: string[];
  /** Distinct servers moved (after Watcher's collapse of A→B→C into A→C). */
  moved: number;
}

export function firstFit(estate: Estate, options: PlanOptions): FirstFitResult {
  const bundles = bundlesByHost(estate);
  const occupancy = new Occupancy(estate, options.headroomPercent, bundles);
  const load = (name: string) => {
    const h = estate.hosts.find((x) => x.name === name)!;
    return h.capacity.VCPU > 0 ? occupancy.used.get(name)!.VCPU / h.capacity.VCPU : 0;
  };
  const ranked = estate.hosts.filter((h) => h.schedulable).map((h) => h.name);
  ranked.sort((a, b) => load(a) - load(b) || a.localeCompare(b));
  const remaining = new Map([...bundles].map(([h, list]) => [h, [...list]]));
  const movedServers = new Set<string>();
  // Watcher's sweep: source i from the least loaded; destinations j from the most loaded down to i + 1.
  for (let i = 0; i < ranked.length - 1; i++) {
    const source = ranked[i]!;
    const list = (remaining.get(source) ?? []).sort((a, b) => b.resources.VCPU - a.resources.VCPU);
    for (const bundle of [...list]) {
      let to: string | undefined;
      for (let j = ranked.length - 1; j > i && to === undefined; j--) if (occupancy.fits(bundle, ranked[j]!)) to = ranked[j]!;
      if (to === undefined) continue;
      occupancy.unplace(bundle, source);
      occupancy.place(bundle, to);
      list.splice(list.indexOf(bundle), 1);
      remaining.get(to)!.push({ ...bundle, from: to });
      for (const s of bundle.servers) movedServers.add(s.id);
    }
  }
  const freed = ranked.filter((h) => serverCount(remaining.get(h) ?? []) === 0);
  return { freed, moved: movedServers.size };
}

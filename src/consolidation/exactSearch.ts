/**
 * The optimum by exhaustion, for estates of at most 8 schedulable hosts (tests only): every
 * subset of hosts is a candidate drain set; the best is the largest (up to maxNodes) whose
 * servers can all be placed on the other hosts under packing.ts's rules, and among those the one
 * moving the fewest servers. Placement feasibility is itself decided by backtracking.
 */
import { limitOf, RESOURCE_CLASSES, type Estate, type PlanOptions } from './model.js';
import { bundlesByHost, Occupancy, serverCount, type Bundle } from './packing.js';

export const EXACT_SEARCH_MAX_HOSTS = 8;

export interface ExactResult {
  drain: string[];
  moved: number;
  placements: { bundle: Bundle; to: string }[];
}

export function exactSearch(estate: Estate, options: PlanOptions): ExactResult {
  const candidates = estate.hosts.filter((h) => h.schedulable).map((h) => h.name);
  if (candidates.length > EXACT_SEARCH_MAX_HOSTS) throw new Error(`exact search is for at most ${EXACT_SEARCH_MAX_HOSTS} hosts, not ${candidates.length}`);
  const bundles = bundlesByHost(estate);
  const subsets: { drain: string[]; moved: number }[] = [];
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const drain = candidates.filter((_, i) => mask & (1 << i));
    if (options.maxNodes !== undefined && drain.length > options.maxNodes) continue;
    subsets.push({ drain, moved: drain.reduce((n, h) => n + serverCount(bundles.get(h) ?? []), 0) });
  }
  subsets.sort((a, b) => b.drain.length - a.drain.length || a.moved - b.moved);
  for (const s of subsets) {
    const items = s.drain.flatMap((h) => bundles.get(h) ?? []);
    // Biggest first, identical bundles adjacent (for the symmetry cut in place()).
    items.sort((a, b) => b.resources.MEMORY_MB - a.resources.MEMORY_MB || b.resources.VCPU - a.resources.VCPU || b.resources.DISK_GB - a.resources.DISK_GB
      || a.zone.localeCompare(b.zone) || a.antiGroups.length - b.antiGroups.length);
    const destinations = candidates.filter((h) => !s.drain.includes(h));
    if (!roomSuffices(items, destinations, estate, options.headroomPercent)) continue;
    const placements = place(items, destinations, new Occupancy(estate, options.headroomPercent, bundles));
    if (placements) return { ...s, placements };
  }
  return { drain: [], moved: 0, placements: [] };
}

/**
 * Backtracking with one symmetry cut: identical bundles (same resources, no anti-affinity) are
 * interchangeable, so the second of two goes to a destination no earlier than the first — the
 * generated estates repeat flavors a lot and this is what keeps 8-host searches in milliseconds.
 */
function place(items: Bundle[], destinations: string[], occupancy: Occupancy): { bundle: Bundle; to: string }[] | undefined {
  const done: { bundle: Bundle; to: string }[] = [];
  const chosen: number[] = [];
  const same = (a: Bundle, b: Bundle) => a.antiGroups.length === 0 && b.antiGroups.length === 0 && a.zone === b.zone && RESOURCE_CLASSES.every((rc) => a.resources[rc] === b.resources[rc]);
  const search = (at: number): boolean => {
    if (at === items.length) return true;
    const bundle = items[at]!;
    const from = at > 0 && same(items[at - 1]!, bundle) ? chosen[at - 1]! : 0;
    for (let d = from; d < destinations.length; d++) {
      const to = destinations[d]!;
      if (!occupancy.fits(bundle, to)) continue;
      occupancy.place(bundle, to);
      done.push({ bundle, to });
      chosen[at] = d;
      if (search(at + 1)) return true;
      done.pop();
      occupancy.unplace(bundle, to);
    }
    return false;
  };
  return search(0) ? done : undefined;
}

/** A necessary condition, checked first because backtracking an infeasible set is the slow case: per zone, the free room of the destinations covers the demand. */
function roomSuffices(items: Bundle[], destinations: string[], estate: Estate, headroomPercent: number): boolean {
  const hostByName = new Map(estate.hosts.map((h) => [h.name, h]));
  for (const zone of new Set(items.map((b) => b.zone))) {
    for (const rc of RESOURCE_CLASSES) {
      const demand = items.filter((b) => b.zone === zone).reduce((n, b) => n + b.resources[rc], 0);
      const room = destinations.map((d) => hostByName.get(d)!).filter((h) => h.zone === zone).reduce((n, h) => n + Math.max(0, limitOf(h, headroomPercent)[rc] - h.used[rc]), 0);
      if (demand > room + 1e-9) return false;
    }
  }
  return true;
}

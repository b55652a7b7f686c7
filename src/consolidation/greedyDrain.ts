/**
 * One pass of the drain heuristic for a given order of candidate hosts: take each host in turn,
 * try to place every bundle on it onto hosts that stay, and commit only if all fit. Destinations
 * are tried from the end of the order (the hosts this pass would drain last, i.e. the busiest), so
 * servers land where they will likely stay. A host that received servers may still be drained
 * later: what it received is placed again, and the plan moves each server once, straight from its
 * own host to where it ends, so the count of servers moved does not grow.
 */
import type { Estate, PlanOptions } from './model.js';
import { dominantShare, Occupancy, serverCount, type Bundle } from './packing.js';

export interface DrainPass {
  drain: string[];
  placements: { bundle: Bundle; to: string }[];
  moved: number;
  /** Per host not drained: why. */
  kept: Map<string, string>;
}

export function greedyDrain(estate: Estate, bundles: Map<string, Bundle[]>, order: string[], options: PlanOptions): DrainPass {
  const occupancy = new Occupancy(estate, options.headroomPercent, bundles);
  const hostByName = new Map(estate.hosts.map((h) => [h.name, h]));
  const drained = new Set<string>();
  /** What each host holds now: its own bundles that stay, plus bundles moved onto it. */
  const holding = new Map([...bundles].map(([h, list]) => [h, [...list]]));
  const finalHost = new Map<Bundle, string>();
  const kept = new Map<string, string>();
  const preference = [...order].reverse();
  for (const name of order) {
    if (options.maxNodes !== undefined && drained.size >= options.maxNodes) {
      kept.set(name, `--max-nodes ${options.maxNodes} reached`);
      continue;
    }
    const host = hostByName.get(name)!;
    const items = [...(holding.get(name) ?? [])].sort((a, b) => dominantShare(b.resources, host) - dominantShare(a.resources, host));
    const allowed = preference.filter((d) => d !== name && !drained.has(d));
    const placed = placeAll(items, allowed, occupancy);
    if (!placed.ok) {
      kept.set(name, `${placed.stuck.servers.map((s) => s.name).join(' + ')} cannot move: ${placed.why}`);
      continue;
    }
    drained.add(name);
    holding.set(name, []);
    for (const p of placed.placements) {
      holding.get(p.to)!.push(p.bundle);
      finalHost.set(p.bundle, p.to);
    }
  }
  // A server moved onto a host drained later moves once, straight to where it ends.
  const placements = [...finalHost].map(([bundle, to]) => ({ bundle, to }));
  return { drain: [...drained], placements, moved: serverCount(placements.map((p) => p.bundle)), kept };
}

/** Placements tried per host before giving up: enough for a host's few dozen servers, bounded for huge estates. */
const SEARCH_BUDGET = 20_000;

type Placed = { ok: true; placements: { bundle: Bundle; to: string }[] } | { ok: false; stuck: Bundle; why: string };

/**
 * First fit in preference order; if a bundle fits nowhere, a bounded backtracking search over the
 * same destinations, because a greedy first fit often strands the last big server where a
 * different spread would hold them all. Leaves occupancy as placed on success, untouched on failure.
 */
function placeAll(items: Bundle[], destinations: string[], occupancy: Occupancy): Placed {
  const done: { bundle: Bundle; to: string }[] = [];
  let stuck: Bundle | undefined;
  for (const bundle of items) {
    const to = destinations.find((d) => occupancy.fits(bundle, d));
    if (to === undefined) {
      stuck = bundle;
      break;
    }
    occupancy.place(bundle, to);
    done.push({ bundle, to });
  }
  if (!stuck) return { ok: true, placements: done };
  // Explained against the hosts as the first fit left them: that is where it ran out of room.
  const why = occupancy.whyNot(stuck, destinations);
  for (const p of done) occupancy.unplace(p.bundle, p.to);
  let budget = SEARCH_BUDGET;
  const search = (at: number): boolean => {
    if (at === items.length) return true;
    const bundle = items[at]!;
    for (const to of destinations) {
      if (--budget < 0) return false;
      if (!occupancy.fits(bundle, to)) continue;
      occupancy.place(bundle, to);
      done.push({ bundle, to });
      if (search(at + 1)) return true;
      done.pop();
      occupancy.unplace(bundle, to);
    }
    return false;
  };
  done.length = 0;
  return search(0) ? { ok: true, placements: done } : { ok: false, stuck, why };
}

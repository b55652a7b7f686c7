/**
 * `reclaim suggest`'s planner: which schedulable hosts to drain so the rest hold every server,
 * freeing as many nodes as possible (up to --max-nodes) and, among equally many, moving the
 * fewest servers. Bin-packing is NP-hard, so this runs the greedy drain pass (greedyDrain.ts)
 * under a few candidate orders — fewest servers first (cheap drains), least loaded first
 * (Watcher's node_resource_consolidation ranking, research §5.4) — and keeps the best result.
 * exactSearch.ts gives the optimum on small estates, which the tests compare against.
 */
import { RESOURCE_CLASSES, type Estate, type Host, type PlanOptions, type Proposal, type ResourceClass, type Resources } from './model.js';
import { bundlesByHost, serverCount, type Bundle } from './packing.js';
import { greedyDrain, type DrainPass } from './greedyDrain.js';

export function suggest(estate: Estate, options: PlanOptions): Proposal {
  const bundles = bundlesByHost(estate);
  const candidates = estate.hosts.filter((h) => h.schedulable);
  // Zones never exchange servers, so without a node cap each zone gets the order that suits it best.
  const parts = options.maxNodes === undefined ? [...new Set(candidates.map((h) => h.zone))].map((z) => candidates.filter((h) => h.zone === z)) : [candidates];
  const passes = parts.map((hosts) => bestPass(estate, bundles, hosts, options));
  const pass: DrainPass = {
    drain: passes.flatMap((p) => p.drain),
    placements: passes.flatMap((p) => p.placements),
    moved: passes.reduce((n, p) => n + p.moved, 0),
    kept: new Map(passes.flatMap((p) => [...p.kept])),
  };
  return proposalOf(estate, pass, options, bundles);
}

function bestPass(estate: Estate, bundles: Map<string, Bundle[]>, hosts: Host[], options: PlanOptions): DrainPass {
  const biggest = (rc: ResourceClass) => Math.max(1, ...hosts.map((h) => h.capacity[rc]));
  const scale = Object.fromEntries(RESOURCE_CLASSES.map((rc) => [rc, biggest(rc)])) as Record<ResourceClass, number>;
  const size = (r: Resources) => RESOURCE_CLASSES.reduce((sum, rc) => sum + r[rc] / scale[rc], 0);
  const servers = (h: Host) => serverCount(bundles.get(h.name) ?? []);
  const load = (h: Host) => Math.max(...RESOURCE_CLASSES.map((rc) => (h.capacity[rc] > 0 ? h.used[rc] / h.capacity[rc] : 0)));
  const orders: ((a: Host, b: Host) => number)[] = [
    (a, b) => servers(a) - servers(b) || load(a) - load(b),
    (a, b) => load(a) - load(b) || servers(a) - servers(b),
    // Absolute usage and size: drain small hosts with little on them, keep the big ones to receive.
    (a, b) => size(a.used) - size(b.used) || servers(a) - servers(b),
    (a, b) => size(a.capacity) - size(b.capacity) || servers(a) - servers(b),
    (a, b) => size(a.capacity) + size(a.used) - size(b.capacity) - size(b.used) || servers(a) - servers(b),
  ];
  let best: DrainPass | undefined;
  for (const order of orders) {
    const names = [...hosts].sort((a, b) => order(a, b) || a.name.localeCompare(b.name)).map((h) => h.name);
    const pass = greedyDrain(estate, bundles, names, options);
    if (!best || pass.drain.length > best.drain.length || (pass.drain.length === best.drain.length && pass.moved < best.moved)) best = pass;
  }
  return best ?? { drain: [], placements: [], moved: 0, kept: new Map() };
}

function proposalOf(estate: Estate, pass: DrainPass, options: PlanOptions, bundles: Map<string, Bundle[]>): Proposal {
  const schedulable = estate.hosts.filter((h) => h.schedulable);
  const reasoning = [
    `${schedulable.length} schedulable host${schedulable.length === 1 ? '' : 's'} of ${estate.hosts.length}, ${estate.servers.length} servers; receiving hosts keep ${options.headroomPercent}% of vCPU, RAM and disk free` +
      (options.maxNodes !== undefined ? `; at most ${options.maxNodes} node${options.maxNodes === 1 ? '' : 's'}` : ''),
    `drain ${pass.drain.length} node${pass.drain.length === 1 ? '' : 's'}, moving ${pass.moved} server${pass.moved === 1 ? '' : 's'}`,
  ];
  for (const h of estate.hosts.filter((x) => !x.schedulable)) reasoning.push(`skip ${h.name}: disabled or down, so it neither receives servers nor is proposed`);
  const movesFrom = new Map<string, { bundle: Bundle; to: string }[]>();
  for (const p of pass.placements) movesFrom.set(p.bundle.from, [...(movesFrom.get(p.bundle.from) ?? []), p]);
  for (const name of pass.drain) {
    const list = movesFrom.get(name) ?? [];
    const count = serverCount(bundles.get(name) ?? []);
    const targets = [...new Set(list.map((p) => p.to))];
    reasoning.push(count === 0 ? `drain ${name}: already empty` : `drain ${name}: ${count} server${count === 1 ? '' : 's'} fit on ${targets.join(', ')}`);
  }
  for (const [name, why] of pass.kept) reasoning.push(`keep ${name}: ${why}`);
  const moves = pass.placements.flatMap((p) => p.bundle.servers.map((s) => ({ server: s.id, name: s.name, from: p.bundle.from, to: p.to, ...(s.status ? { status: s.status } : {}) })));
  return { drain: pass.drain, moves, reasoning };
}

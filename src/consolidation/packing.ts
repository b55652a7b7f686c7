/**
 * The placement rules every planner here shares, so the heuristic, the exact search and the
 * first-fit comparator are judged by the same constraints: a server stays in its availability
 * zone, a receiving host keeps the headroom free on every resource class, two members of a hard
 * anti-affinity group never share a host, and members of a hard affinity group on one host move
 * together (as one bundle) so they stay together.
 */
import { add, limitOf, RESOURCE_CLASSES, zero, type Estate, type Host, type Resources, type Server } from './model.js';

/** Servers that must move as one: a lone server, or the members of an affinity group on one host. */
export interface Bundle {
  from: string;
  zone: string;
  servers: Server[];
  resources: Resources;
  /** Hard anti-affinity groups the members belong to. */
  antiGroups: string[];
}

/** Floating-point slack when comparing sums of ratios × totals against a limit. */
const EPSILON = 1e-9;

export function bundlesByHost(estate: Estate): Map<string, Bundle[]> {
  const zoneOf = new Map(estate.hosts.map((h) => [h.name, h.zone]));
  const affinityOf = new Map<string, string>();
  const antiOf = new Map<string, string[]>();
  for (const g of estate.groups) {
    for (const id of g.members) {
      if (g.policy === 'affinity') affinityOf.set(id, g.id);
      if (g.policy === 'anti-affinity') antiOf.set(id, [...(antiOf.get(id) ?? []), g.id]);
    }
  }
  const byHost = new Map<string, Bundle[]>(estate.hosts.map((h) => [h.name, []]));
  const together = new Map<string, Bundle>();
  for (const s of estate.servers) {
    const list = byHost.get(s.host);
    if (!list) continue;
    const key = affinityOf.has(s.id) ? `${s.host}/${affinityOf.get(s.id)}` : undefined;
    let bundle = key ? together.get(key) : undefined;
    if (!bundle) {
      bundle = { from: s.host, zone: zoneOf.get(s.host) ?? '', servers: [], resources: zero(), antiGroups: [] };
      list.push(bundle);
      if (key) together.set(key, bundle);
    }
    bundle.servers.push(s);
    bundle.resources = add(bundle.resources, s.resources);
    for (const g of antiOf.get(s.id) ?? []) if (!bundle.antiGroups.includes(g)) bundle.antiGroups.push(g);
  }
  return byHost;
}

/** Where things stand while a planner tries moves: usage per host and anti-affinity members per host. */
export class Occupancy {
  readonly used = new Map<string, Resources>();
  private readonly limit = new Map<string, Resources>();
  private readonly zone = new Map<string, string>();
  private readonly members = new Map<string, Map<string, number>>();

  constructor(estate: Estate, headroomPercent: number, bundles: Map<string, Bundle[]>) {
    for (const h of estate.hosts) {
      this.used.set(h.name, { ...h.used });
      this.limit.set(h.name, limitOf(h, headroomPercent));
      this.zone.set(h.name, h.zone);
      this.members.set(h.name, new Map());
    }
    for (const list of bundles.values()) for (const b of list) this.count(b, b.from, 1);
  }

  fits(b: Bundle, host: string): boolean {
    if (host === b.from || this.zone.get(host) !== b.zone) return false;
    const used = this.used.get(host)!;
    const limit = this.limit.get(host)!;
    for (const rc of RESOURCE_CLASSES) if (used[rc] + b.resources[rc] > limit[rc] + EPSILON) return false;
    const present = this.members.get(host)!;
    return b.antiGroups.every((g) => !present.get(g));
  }

  /** Why a bundle fits on none of `hosts`, in the operator's terms (for the reasoning lines). */
  whyNot(b: Bundle, hosts: string[]): string {
    const inZone = hosts.filter((h) => h !== b.from && this.zone.get(h) === b.zone);
    if (inZone.length === 0) return `no other schedulable host left in zone ${b.zone}`;
    const roomy = inZone.filter((h) => RESOURCE_CLASSES.every((rc) => this.used.get(h)![rc] + b.resources[rc] <= this.limit.get(h)![rc] + EPSILON));
    if (roomy.length > 0) return `the hosts with room (${roomy.slice(0, 3).join(', ')}${roomy.length > 3 ? ', …' : ''}) already hold a member of its anti-affinity group`;
    const short = RESOURCE_CLASSES.filter((rc) => inZone.every((h) => this.used.get(h)![rc] + b.resources[rc] > this.limit.get(h)![rc] + EPSILON));
    return `no host in zone ${b.zone} has ${short.length > 0 ? short.join(' and ') : 'every resource'} to spare for it within the headroom`;
  }

  place(b: Bundle, host: string): void {
    this.used.set(host, add(this.used.get(host)!, b.resources));
    this.count(b, host, 1);
  }

  unplace(b: Bundle, host: string): void {
    const used = this.used.get(host)!;
    this.used.set(host, { VCPU: used.VCPU - b.resources.VCPU, MEMORY_MB: used.MEMORY_MB - b.resources.MEMORY_MB, DISK_GB: used.DISK_GB - b.resources.DISK_GB });
    this.count(b, host, -1);
  }

  private count(b: Bundle, host: string, delta: number): void {
    const present = this.members.get(host)!;
    for (const g of b.antiGroups) present.set(g, (present.get(g) ?? 0) + delta);
  }
}

/** The largest share of a host's capacity a bundle takes: big items are placed first. */
export function dominantShare(r: Resources, of: Host): number {
  return Math.max(...RESOURCE_CLASSES.map((rc) => (of.capacity[rc] > 0 ? r[rc] / of.capacity[rc] : r[rc] > 0 ? Infinity : 0)));
}

export function serverCount(bundles: Bundle[]): number {
  return bundles.reduce((n, b) => n + b.servers.length, 0);
}

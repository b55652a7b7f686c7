/**
 * Seeded random estates for tests and the bench: hosts of a few hardware shapes spread over
 * availability zones, each filled to a random level with servers of common flavor sizes, some
 * servers in hard anti-affinity groups (members on distinct hosts) and some pairs in hard
 * affinity groups (on one host). The same seed always gives the same estate.
 */
import type { Estate, Host, Resources, Server, ServerGroup } from './model.js';

export interface EstateShape {
  hosts: number;
  /** Average servers per host (each host gets 0.2–1.8 times this, as far as it has room). */
  serversPerHost: number;
  /** Exactly this many servers in all (the rest go to random hosts with room); default: whatever the hosts got. */
  totalServers?: number;
  zones?: number;
  /** Fraction of servers put in anti-affinity groups of 2–3 (default 0.1). */
  antiAffinity?: number;
  /** Fraction of hosts whose servers include an affinity pair (default 0.05). */
  affinity?: number;
  seed: number;
}

const FLAVORS: Resources[] = [
  { VCPU: 1, MEMORY_MB: 2048, DISK_GB: 20 },
  { VCPU: 2, MEMORY_MB: 4096, DISK_GB: 40 },
  { VCPU: 4, MEMORY_MB: 8192, DISK_GB: 80 },
  { VCPU: 8, MEMORY_MB: 16384, DISK_GB: 160 },
  { VCPU: 4, MEMORY_MB: 32768, DISK_GB: 40 },
];
/** Capacity after allocation ratios (e.g. 16 cores × 4.0 vCPU, RAM and disk 1.0) for three hardware generations. */
const SHAPES: Resources[] = [
  { VCPU: 64, MEMORY_MB: 196608, DISK_GB: 1500 },
  { VCPU: 128, MEMORY_MB: 393216, DISK_GB: 3000 },
  { VCPU: 96, MEMORY_MB: 262144, DISK_GB: 2000 },
];

/** mulberry32: small, fast, good enough to spread test cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateEstate(shape: EstateShape): Estate {
  const random = prng(shape.seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
  const zones = shape.zones ?? 1;
  const hosts: Host[] = [];
  const servers: Server[] = [];
  const groups: ServerGroup[] = [];
  for (let i = 0; i < shape.hosts; i++) {
    const capacity = { ...pick(SHAPES) };
    hosts.push({ name: `compute-${String(i + 1).padStart(3, '0')}`, zone: `az${(i % zones) + 1}`, capacity, used: { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 }, schedulable: true });
  }
  const put = (host: Host, resources: Resources): Server | undefined => {
    const after = { VCPU: host.used.VCPU + resources.VCPU, MEMORY_MB: host.used.MEMORY_MB + resources.MEMORY_MB, DISK_GB: host.used.DISK_GB + resources.DISK_GB };
    if (after.VCPU > host.capacity.VCPU || after.MEMORY_MB > host.capacity.MEMORY_MB || after.DISK_GB > host.capacity.DISK_GB) return undefined;
    host.used = after;
    const server = { id: `srv-${servers.length + 1}`, name: `vm-${servers.length + 1}`, host: host.name, resources: { ...resources } };
    servers.push(server);
    return server;
  };
  for (const host of hosts) {
    const count = Math.max(0, Math.round(shape.serversPerHost * (0.2 + random() * 1.6)));
    for (let n = 0; n < count && servers.length < (shape.totalServers ?? Infinity); n++) put(host, pick(FLAVORS));
    if (random() < (shape.affinity ?? 0.05)) {
      const flavor = FLAVORS[0]!;
      const pair = [put(host, flavor), put(host, flavor)].filter((s): s is Server => s !== undefined);
      if (pair.length === 2) groups.push({ id: `grp-${groups.length + 1}`, name: `together-${groups.length + 1}`, policy: 'affinity', members: pair.map((s) => s.id) });
    }
  }
  for (let tries = 0; servers.length < (shape.totalServers ?? 0) && tries < 1_000_000; tries++) put(pick(hosts), pick(FLAVORS));
  // Anti-affinity groups among existing servers, members on distinct hosts of one zone.
  const wanted = Math.floor(servers.length * (shape.antiAffinity ?? 0.1));
  const grouped = new Set(groups.flatMap((g) => g.members));
  const hostByName = new Map(hosts.map((h) => [h.name, h]));
  for (let made = 0; made < wanted; ) {
    const size = 2 + Math.floor(random() * 2);
    const first = pick(servers);
    const zoneOf = (s: Server) => hostByName.get(s.host)!.zone;
    const zone = zoneOf(first);
    const members = [first];
    for (let tries = 0; tries < 20 && members.length < size; tries++) {
      const s = pick(servers);
      if (!grouped.has(s.id) && !members.some((m) => m.host === s.host || m.id === s.id) && zoneOf(s) === zone) members.push(s);
    }
    made += members.length;
    if (members.length < 2 || members.some((m) => grouped.has(m.id))) continue;
    for (const m of members) grouped.add(m.id);
    groups.push({ id: `grp-${groups.length + 1}`, name: `spread-${groups.length + 1}`, policy: 'anti-affinity', members: members.map((m) => m.id) });
  }
  return { hosts, servers, groups };
}

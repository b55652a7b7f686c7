/**
 * Where the servers of the nodes being reclaimed can go, pure: hosts that stay (enabled, up, not
 * being reclaimed) with their free capacity after the headroom, and a first-fit-decreasing
 * placement of servers onto them within the servers' availability zone. Placement's capacity is
 * (total − reserved) × allocation_ratio per resource class; the headroom is kept free of that.
 */
export type Resources = Record<'VCPU' | 'MEMORY_MB' | 'DISK_GB', number>;
export const RESOURCE_CLASSES = ['VCPU', 'MEMORY_MB', 'DISK_GB'] as const;

export interface HostRoom {
  host: string;
  zone: string;
  /** What may still be placed on it, the headroom already kept back. */
  free: Resources;
}

export interface MovingServer {
  id: string;
  name: string;
  zone: string;
  needs: Resources;
}

export interface Inventory {
  total: number;
  reserved: number;
  allocation_ratio: number;
}

/** Room left on a host that stays: capacity × (1 − headroom) − usage, per resource class. */
export function roomOf(host: string, zone: string, inventories: Record<string, Inventory>, usages: Record<string, number>, headroomPercent: number): HostRoom {
  const free = {} as Resources;
  for (const rc of RESOURCE_CLASSES) {
    const inv = inventories[rc];
    const capacity = inv ? (inv.total - inv.reserved) * inv.allocation_ratio : 0;
    free[rc] = Math.floor(capacity * (1 - headroomPercent / 100)) - (usages[rc] ?? 0);
  }
  return { host, zone, free };
}

const fits = (free: Resources, needs: Resources) => RESOURCE_CLASSES.every((rc) => free[rc] >= needs[rc]);

export interface Placement {
  /** Server id → host it goes to. */
  targets: Map<string, string>;
  /** Servers that fit nowhere, with the shortfall summed per resource class. */
  unplaced: MovingServer[];
  missing: Partial<Resources>;
}

/** First fit decreasing (largest memory first) onto the host with the most room left. */
export function placeServers(servers: readonly MovingServer[], rooms: readonly HostRoom[]): Placement {
  const left = rooms.map((r) => ({ ...r, free: { ...r.free } }));
  const targets = new Map<string, string>();
  const unplaced: MovingServer[] = [];
  const order = [...servers].sort((a, b) => b.needs.MEMORY_MB - a.needs.MEMORY_MB || b.needs.VCPU - a.needs.VCPU || a.name.localeCompare(b.name));
  for (const server of order) {
    const candidates = left.filter((r) => r.zone === server.zone && fits(r.free, server.needs));
    const best = candidates.sort((a, b) => b.free.MEMORY_MB - a.free.MEMORY_MB || a.host.localeCompare(b.host))[0];
    if (!best) {
      unplaced.push(server);
      continue;
    }
    for (const rc of RESOURCE_CLASSES) best.free[rc] -= server.needs[rc];
    targets.set(server.id, best.host);
  }
  const missing: Partial<Resources> = {};
  for (const rc of RESOURCE_CLASSES) {
    const need = unplaced.reduce((n, s) => n + s.needs[rc], 0);
    if (need > 0) missing[rc] = need;
  }
  return { targets, unplaced, missing };
}

/** "2 VCPU, 4096 MEMORY_MB" */
export function describeResources(r: Partial<Resources>): string {
  return RESOURCE_CLASSES.filter((rc) => (r[rc] ?? 0) > 0).map((rc) => `${r[rc]} ${rc}`).join(', ');
}

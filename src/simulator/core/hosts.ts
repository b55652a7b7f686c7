/**
 * Compute hosts and what is allocated on them: the one capacity model shared by Nova (which
 * schedules servers onto hosts and moves them on migration) and Placement (which reports the same
 * numbers as resource providers, inventories and usages). Hosts are seeded from the scenario.
 */
import { ApiError } from './errors.js';
import type { CloudState, Collection } from './state.js';
import type { IdGenerator } from './ids.js';

/** Placement resource classes the simulator models. */
export interface Resources {
  VCPU: number;
  MEMORY_MB: number;
  DISK_GB: number;
}

export interface ComputeHost {
  /** Placement resource-provider uuid (also Nova's hypervisor id at microversion ≥ 2.53). */
  id: string;
  /** Hostname: Nova service host, hypervisor_hostname and the resource-provider name. */
  name: string;
  zone: string;
  capacity: Resources;
  allocationRatio: Resources;
  /** Bumped on every inventory or allocation change (placement's generation). */
  generation: number;
}

export interface Allocation {
  /**
   * The record's key: the consumer id, or `<consumer>@<host>` for the same consumer's allocation
   * against a second provider (an evacuated server holds its source and its destination).
   */
  id: string;
  /** The consumer: a server or migration id. */
  consumer: string;
  /** Placement's consumer generation (1.28), bumped on each write of the consumer's allocations. */
  consumerGeneration: number;
  host: string;
  resources: Resources;
  projectId: string;
  userId: string;
}

export class ComputeHosts {
  constructor(
    private readonly state: CloudState,
    private readonly ids: IdGenerator,
  ) {}

  private get hosts(): Collection<ComputeHost> {
    return this.state.collection<ComputeHost>('compute_hosts');
  }
  private get allocations(): Collection<Allocation> {
    return this.state.collection<Allocation>('allocations');
  }

  add(seed: { name: string; vcpus: number; memory_mb: number; disk_gb: number; zone?: string; allocationRatio?: Partial<Resources> }): ComputeHost {
    const host: ComputeHost = {
      id: this.ids.uuid(),
      name: seed.name,
      zone: seed.zone ?? 'nova',
      capacity: { VCPU: seed.vcpus, MEMORY_MB: seed.memory_mb, DISK_GB: seed.disk_gb },
      allocationRatio: { VCPU: 1, MEMORY_MB: 1, DISK_GB: 1, ...seed.allocationRatio },
      generation: 0,
    };
    return this.hosts.put(host);
  }
  list(): ComputeHost[] {
    return this.hosts.values();
  }
  /** By name or resource-provider id. */
  get(nameOrId: string): ComputeHost | undefined {
    return this.hosts.get(nameOrId) ?? this.hosts.find((h) => h.name === nameOrId);
  }
  remove(name: string): void {
    const host = this.get(name);
    if (host) this.hosts.delete(host.id);
  }
  usage(name: string): Resources {
    const used: Resources = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 };
    for (const a of this.allocations.values()) {
      if (a.host !== name) continue;
      used.VCPU += a.resources.VCPU;
      used.MEMORY_MB += a.resources.MEMORY_MB;
      used.DISK_GB += a.resources.DISK_GB;
    }
    return used;
  }
  /** True when `resources` fit on the host next to what is already there. */
  fits(name: string, resources: Resources): boolean {
    const host = this.get(name);
    if (!host) return false;
    const used = this.usage(host.name);
    return (['VCPU', 'MEMORY_MB', 'DISK_GB'] as const).every(
      (rc) => used[rc] + resources[rc] <= host.capacity[rc] * host.allocationRatio[rc],
    );
  }
  /** Records a consumer's usage on a host (replacing any earlier allocation of the consumer); 409 if it does not fit. */
  allocate(consumerId: string, hostName: string, resources: Resources, owner: { projectId: string; userId: string }): void {
    const previous = this.allocations.get(consumerId);
    this.allocations.delete(consumerId);
    if (!this.fits(hostName, resources)) {
      if (previous) this.allocations.put(previous);
      throw new ApiError(409, `Unable to allocate inventory on ${hostName}: not enough capacity`, { type: 'placement.inventory.inuse' });
    }
    const consumerGeneration = this.generationOf(consumerId) + 1;
    this.allocations.put({ id: consumerId, consumer: consumerId, consumerGeneration, host: hostName, resources, ...owner });
    for (const a of this.allocationsOf(consumerId)) a.consumerGeneration = consumerGeneration;
    this.bump(hostName);
    if (previous && previous.host !== hostName) this.bump(previous.host);
  }
  /**
   * Keeps a second allocation of the consumer on `hostName` (no capacity check: it was already
   * there). What an evacuation leaves on its dead source until that compute starts again.
   */
  allocateAlso(consumerId: string, hostName: string, resources: Resources, owner: { projectId: string; userId: string }): void {
    const consumerGeneration = this.generationOf(consumerId);
    this.allocations.put({ id: `${consumerId}@${hostName}`, consumer: consumerId, consumerGeneration, host: hostName, resources, ...owner });
    this.bump(hostName);
  }
  /** Replaces all of the consumer's allocations (Placement's PUT /allocations/{consumer}); 409 if one does not fit. */
  replace(consumerId: string, entries: { host: string; resources: Resources }[], owner: { projectId: string; userId: string }): void {
    const previous = this.allocationsOf(consumerId);
    const consumerGeneration = this.generationOf(consumerId) + 1;
    this.release(consumerId);
    for (const [i, e] of entries.entries()) {
      if (!this.fits(e.host, e.resources)) {
        this.release(consumerId);
        for (const p of previous) this.allocations.put(p);
        throw new ApiError(409, `Unable to allocate inventory on ${e.host}: not enough capacity`, { type: 'placement.inventory.inuse' });
      }
      this.allocations.put({ id: i === 0 ? consumerId : `${consumerId}@${e.host}`, consumer: consumerId, consumerGeneration, host: e.host, resources: e.resources, ...owner });
      this.bump(e.host);
    }
  }
  /** Drops the consumer's allocation against one host only (what a compute does for its own node). */
  releaseOn(consumerId: string, hostName: string): void {
    for (const a of this.allocationsOf(consumerId).filter((x) => x.host === hostName)) {
      this.allocations.delete(a.id);
      this.bump(a.host);
    }
  }
  /** Drops every allocation of the consumer (Placement's DELETE /allocations/{consumer}). */
  release(consumerId: string): void {
    for (const a of this.allocationsOf(consumerId)) {
      this.allocations.delete(a.id);
      this.bump(a.host);
    }
  }
  allocationOf(consumerId: string): Allocation | undefined {
    return this.allocations.get(consumerId);
  }
  /** Every allocation of the consumer, one per provider. */
  allocationsOf(consumerId: string): Allocation[] {
    return this.allocations.filter((a) => a.consumer === consumerId);
  }
  /** The consumer's generation; 0 when it has no allocation (Placement: the consumer does not exist). */
  generationOf(consumerId: string): number {
    return this.allocationsOf(consumerId)[0]?.consumerGeneration ?? 0;
  }
  allocationsOn(hostName: string): Allocation[] {
    return this.allocations.filter((a) => a.host === hostName);
  }
  private bump(name: string): void {
    const host = this.get(name);
    if (host) host.generation++;
  }
}

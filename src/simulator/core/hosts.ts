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
  /** The consumer: a server id. */
  id: string;
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
    this.allocations.put({ id: consumerId, host: hostName, resources, ...owner });
    this.bump(hostName);
    if (previous && previous.host !== hostName) this.bump(previous.host);
  }
  release(consumerId: string): void {
    const previous = this.allocations.get(consumerId);
    if (!previous) return;
    this.allocations.delete(consumerId);
    this.bump(previous.host);
  }
  allocationOf(consumerId: string): Allocation | undefined {
    return this.allocations.get(consumerId);
  }
  allocationsOn(hostName: string): Allocation[] {
    return this.allocations.filter((a) => a.host === hostName);
  }
  private bump(name: string): void {
    const host = this.get(name);
    if (host) host.generation++;
  }
}

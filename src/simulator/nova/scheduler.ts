/**
 * The filter scheduler, reduced to what matters for a migration: a host qualifies when its
 * nova-compute service is enabled and up (not forced down) and the flavor fits next to what is
 * already allocated there (Placement's view, the core's ComputeHosts). Among those, the host
 * with the most free RAM wins (Nova's default RAM weigher spreads instances).
 */
import type { Resources } from '../core/hosts.js';
import type { SimCloud } from '../core/cloud.js';
import { hostPoweredOff } from '../redfish/registry.js';
import type { ComputeService, Flavor } from './model.js';
import { computeServices } from './store.js';

export function flavorResources(f: Flavor, bootFromVolume: boolean): Resources {
  return { VCPU: f.vcpus, MEMORY_MB: f.ram, DISK_GB: bootFromVolume ? 0 : f.disk + f.ephemeral + Math.ceil(f.swap / 1024) };
}

export function hostIsUsable(cloud: SimCloud, name: string): boolean {
  const service = computeServices(cloud).get(name);
  return service !== undefined && service.status === 'enabled' && serviceState(cloud, service) === 'up';
}

/** 'down' when forced down or when the machine under the host is powered off (its BMC said so). */
export function serviceState(cloud: SimCloud, service: ComputeService): 'up' | 'down' {
  if (service.forcedDown || service.state === 'down' || hostPoweredOff(cloud, service.id)) return 'down';
  return 'up';
}

/** The chosen host, or undefined (NoValidHost). `exclude` keeps the source out of a migration. */
export function selectHost(cloud: SimCloud, resources: Resources, options: { exclude?: string; only?: string; zone?: string } = {}): string | undefined {
  let best: { name: string; freeRam: number } | undefined;
  for (const host of cloud.hosts.list()) {
    if (host.name === options.exclude) continue;
    if (options.only && host.name !== options.only) continue;
    if (options.zone && host.zone !== options.zone) continue;
    if (!hostIsUsable(cloud, host.name) || !cloud.hosts.fits(host.name, resources)) continue;
    const freeRam = host.capacity.MEMORY_MB * host.allocationRatio.MEMORY_MB - cloud.hosts.usage(host.name).MEMORY_MB;
    if (!best || freeRam > best.freeRam) best = { name: host.name, freeRam };
  }
  return best?.name;
}

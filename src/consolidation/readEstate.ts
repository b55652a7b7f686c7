/**
 * Gathers the estate from a cloud with an admin entry (research §1.3): compute services give
 * each host's zone and whether the scheduler may use it; hypervisors map Placement's resource
 * providers (named by hypervisor_hostname) to service hosts; Placement inventories give
 * capacity ((total − reserved) × allocation_ratio), usages what is taken, and allocations what
 * each server holds (its consumer id is the server id). Server names and groups come from Nova.
 */
import type { OpenStackClient } from '../executors/openstack/client.js';
import { listComputeServices, listHypervisors, listServerGroups, listServers } from '../executors/openstack/nova.js';
import { getProviderAllocations, getProviderInventories, getProviderUsages, listResourceProviders, type Inventory } from '../executors/openstack/placement.js';
import { RESOURCE_CLASSES, type Estate, type Host, type Resources, type Server, type ServerGroup } from './model.js';

/** Placement requests in flight: enough to read 500 providers quickly without flooding the API. */
const CONCURRENCY = 8;

export async function readEstate(c: OpenStackClient): Promise<Estate> {
  const [services, hypervisors, providers, novaServers, groups] = await Promise.all([
    listComputeServices(c), listHypervisors(c), listResourceProviders(c), listServers(c, { all_tenants: '1' }), listServerGroups(c),
  ]);
  const serviceOfNode = new Map(hypervisors.map((h) => [h.hypervisor_hostname, h.service?.host ?? h.hypervisor_hostname]));
  const serviceByHost = new Map(services.map((s) => [s.host, s]));
  const byId = new Map(novaServers.map((s) => [s.id, s]));
  const computeProviders = providers.filter((p) => serviceOfNode.has(p.name) && (p.parent_provider_uuid ?? null) === null);
  const hosts: Host[] = [];
  const servers: Server[] = [];
  await eachLimited(computeProviders, CONCURRENCY, async (p) => {
    const [inventories, usages, allocations] = await Promise.all([getProviderInventories(c, p.uuid), getProviderUsages(c, p.uuid), getProviderAllocations(c, p.uuid)]);
    const host = serviceOfNode.get(p.name)!;
    const service = serviceByHost.get(host);
    hosts.push({
      name: host,
      zone: service?.zone ?? 'nova',
      capacity: capacityOf(inventories),
      used: resources(usages),
      schedulable: service?.status === 'enabled' && service.state === 'up',
    });
    for (const [consumer, a] of Object.entries(allocations)) {
      // Consumers that are not servers (a running migration's) stay in `used` but cannot be moved.
      const server = byId.get(consumer);
      if (server) servers.push({ id: consumer, name: server.name, host, resources: resources(a.resources), status: server.status });
    }
  });
  hosts.sort((a, b) => a.name.localeCompare(b.name));
  servers.sort((a, b) => a.host.localeCompare(b.host) || a.name.localeCompare(b.name));
  const known: ServerGroup['policy'][] = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'];
  return {
    hosts,
    servers,
    groups: groups.filter((g) => known.includes(g.policy as ServerGroup['policy'])).map((g) => ({ id: g.id, name: g.name, policy: g.policy as ServerGroup['policy'], members: g.members })),
  };
}

function capacityOf(inventories: Record<string, Inventory>): Resources {
  const out = resources({});
  for (const rc of RESOURCE_CLASSES) {
    const inv = inventories[rc];
    if (inv) out[rc] = (inv.total - inv.reserved) * inv.allocation_ratio;
  }
  return out;
}

function resources(from: Record<string, number>): Resources {
  return { VCPU: from.VCPU ?? 0, MEMORY_MB: from.MEMORY_MB ?? 0, DISK_GB: from.DISK_GB ?? 0 };
}

async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * What the source cloud says about its compute hosts, read fresh by every step that decides
 * something from it: a host's compute service, the servers on a host, and the room on the hosts
 * that stay (Placement inventories and usages, Nova's service status and zone).
 */
import type { OpenStackClient } from '../../../executors/openstack/client.js';
import * as nova from '../../../executors/openstack/nova.js';
import * as placement from '../../../executors/openstack/placement.js';
import { roomOf, type HostRoom, type MovingServer } from '../capacity.js';

export async function computeService(c: OpenStackClient, host: string): Promise<nova.ComputeService | undefined> {
  return (await nova.listComputeServices(c, { binary: 'nova-compute', host })).find((s) => s.host === host);
}

/** Every nova-compute service by host, in one call (steps that look at many hosts read them once). */
export async function computeServices(c: OpenStackClient): Promise<Map<string, nova.ComputeService>> {
  return new Map((await nova.listComputeServices(c, { binary: 'nova-compute' })).map((s) => [s.host, s]));
}

/** Every server Nova places on the host, in any project and any state. */
export async function serversOn(c: OpenStackClient, host: string): Promise<nova.Server[]> {
  return (await nova.listServers(c, { all_tenants: '1', host })).filter((s) => (s['OS-EXT-SRV-ATTR:host'] ?? host) === host);
}

/** What a server holds on its host, from its embedded flavor (2.47). */
export function movingServer(server: nova.Server, zone: string): MovingServer {
  const f = server.flavor;
  return { id: server.id, name: server.name, zone, needs: { VCPU: Number(f.vcpus ?? 0), MEMORY_MB: Number(f.ram ?? 0), DISK_GB: server.image === '' ? 0 : Number(f.disk ?? 0) } };
}

/** Room on every enabled, up host that is not being reclaimed. */
export async function roomOnStayingHosts(c: OpenStackClient, all: ReadonlyMap<string, nova.ComputeService>, reclaiming: readonly string[], headroomPercent: number): Promise<HostRoom[]> {
  const services = [...all.values()].filter((s) => s.status === 'enabled' && s.state === 'up' && !s.forced_down && !reclaiming.includes(s.host));
  const providers = new Map((await placement.listResourceProviders(c)).map((p) => [p.name, p]));
  return Promise.all(services.map(async (s) => {
    const rp = providers.get(s.host);
    if (!rp) return { host: s.host, zone: s.zone ?? 'nova', free: { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 } };
    const [inventories, usages] = await Promise.all([placement.getProviderInventories(c, rp.uuid), placement.getProviderUsages(c, rp.uuid)]);
    return roomOf(s.host, s.zone ?? 'nova', inventories, usages, headroomPercent);
  }));
}

/** Allocations Placement still holds against the host's resource provider (consumer → resources). */
export async function allocationsOn(c: OpenStackClient, host: string): Promise<{ provider?: string; consumers: string[] }> {
  const rp = (await placement.listResourceProviders(c, { name: host }))[0];
  if (!rp) return { consumers: [] };
  return { provider: rp.uuid, consumers: Object.keys(await placement.getProviderAllocations(c, rp.uuid)) };
}

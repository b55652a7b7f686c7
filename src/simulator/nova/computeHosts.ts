/**
 * A compute host joining a cloud: its nova-compute service and its hypervisor (the resource
 * provider comes with the host itself). Seeding uses it for the scenario's hosts; the control
 * endpoint uses it for what a deployment tool's scale-out does (a reclaimed node joining).
 */
import type { SimCloud } from '../core/cloud.js';
import type { HostSeed } from '../scenario.js';
import { computeServices, migrations, now } from './store.js';

export function registerComputeService(c: SimCloud, host: string): void {
  if (computeServices(c).get(host)) return;
  const n = computeServices(c).values().reduce((max, s) => Math.max(max, s.hypervisorNumericId), 0) + 1;
  computeServices(c).put({
    id: host,
    serviceId: c.ids.uuid(),
    serviceNumericId: n + 2, // 1 and 2 are nova-scheduler and nova-conductor in a real cloud
    hypervisorNumericId: n,
    status: 'enabled',
    disabledReason: null,
    state: 'up',
    forcedDown: false,
    hostIp: `192.168.100.${10 + n}`,
    updatedAt: now(c).replace('Z', '.000000'),
  });
}

/** A new compute host with its service: the effect of a scale-out. */
export function addComputeHost(c: SimCloud, seed: HostSeed): void {
  if (!c.hosts.get(seed.name)) c.hosts.add(seed);
  registerComputeService(c, seed.name);
}

/** Evacuations off `host` that its compute has not cleaned up yet (it has not started since). */
export const uncleanedEvacuations = (c: SimCloud, host: string) =>
  migrations(c).filter((m) => m.migrationType === 'evacuation' && m.status === 'done' && m.sourceCompute === host);

/**
 * nova-compute starts again on `host` (the machine came back): it reports up, and for each
 * evacuation off it (_destroy_evacuated_instances) removes the local guest and the server's
 * allocation against this node, and marks the migration completed.
 */
export function restartCompute(c: SimCloud, host: string): void {
  const service = computeServices(c).get(host);
  if (!service) return;
  for (const m of uncleanedEvacuations(c, host)) {
    c.hosts.releaseOn(m.instanceUuid, host);
    m.status = 'completed';
    m.updatedAt = now(c);
  }
  service.state = 'up';
  service.updatedAt = now(c).replace('Z', '.000000');
}

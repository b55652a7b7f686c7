/**
 * A compute host joining a cloud: its nova-compute service and its hypervisor (the resource
 * provider comes with the host itself). Seeding uses it for the scenario's hosts; the control
 * endpoint uses it for what a deployment tool's scale-out does (a reclaimed node joining).
 */
import type { SimCloud } from '../core/cloud.js';
import type { HostSeed } from '../scenario.js';
import { computeServices, now } from './store.js';

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

/**
 * Before anything changes: are the source's MAC addresses and fixed IPs free in the destination?
 * A port that holds one and is bound to a device is someone else's (this workload has no server
 * yet at preflight); an unbound port named as stackshift names this workload's ports is its own
 * from an interrupted attempt, and createPorts adopts it. Found here, the conflict blocks the
 * workload while its source still runs, instead of after the disks were copied.
 */
import type { OpenStackClient } from '../../executors/openstack/clientTypes.js';
import * as neutron from '../../executors/openstack/neutron.js';
import type { WorkloadSpec } from './spec.js';

/** `networks`: the destination's networks as preflight listed them. */
export async function addressConflicts(c: OpenStackClient, spec: WorkloadSpec, networks: neutron.Network[]): Promise<string[]> {
  const problems: string[] = [];
  const ownName = (index: number) => `${spec.selection.server}-port-${index}`;
  const foreign = (p: neutron.Port, index: number) => p.device_id !== '' || (p.name !== ownName(index) && !String(p.description ?? '').startsWith('stackshift:'));
  for (const port of spec.ports) {
    const named = networks.filter((n) => n.name === port.network);
    if (named.length === 0) continue; // reported as missing
    const onNetworks = (await Promise.all(named.map((n) => neutron.listPorts(c, { network_id: n.id })))).flat();
    if (port.macAddress) {
      const holder = onNetworks.find((p) => p.mac_address.toLowerCase() === port.macAddress!.toLowerCase() && foreign(p, port.index));
      if (holder) problems.push(`MAC ${port.macAddress} is already used in the destination by port ${holder.id}${holder.device_id ? ` (device ${holder.device_id})` : ''}`);
    }
    for (const ip of port.fixedIps) {
      if (!ip.ipAddress) continue;
      const holder = onNetworks.find((p) => p.fixed_ips.some((f) => f.ip_address === ip.ipAddress) && foreign(p, port.index));
      if (holder) problems.push(`IP ${ip.ipAddress} on ${port.network} is already used in the destination by port ${holder.id}${holder.device_owner ? ` (${holder.device_owner})` : ''}`);
    }
  }
  return problems;
}

/**
 * The server's ports in the destination, in NIC order, with the source's fixed IPs and MAC
 * addresses and the server's security groups. A port already there with the same MAC on the
 * network is this workload's own when it is unbound or bound to this workload's server (a step
 * that crashed after creating it); bound to anything else, the MAC is taken and a person decides.
 */
import type { OpenStackClient } from '../../../executors/openstack/clientTypes.js';
import * as neutron from '../../../executors/openstack/neutron.js';
import { codes, StackshiftError } from '../../../errors.js';
import { workloadEvent } from '../events.js';
import type { PortSpec } from '../spec.js';
import { specOf, type WorkloadContext } from './context.js';

async function ids(c: OpenStackClient, port: PortSpec, groups: string[]) {
  const project = await c.projectId();
  const networks = (await neutron.listNetworks(c, { name: port.network })).filter((n) => n.name === port.network);
  // Same name in two projects: the project's own network, unless the export said it is another's.
  const network = (port.othersNetwork ? networks.find((n) => n.project_id !== project) : networks.find((n) => n.project_id === project)) ?? networks[0];
  if (!network) throw new StackshiftError(codes.STEP_FAILED, `network ${port.network} does not exist in the destination`, { retry: 'later', requeueAfterMs: 30_000 });
  const subnets = await neutron.listSubnets(c, { network_id: network.id });
  const all = await neutron.listSecurityGroups(c, { project_id: project });
  return {
    network,
    fixedIps: port.fixedIps.map((f) => ({ subnet_id: subnets.find((s) => s.name === f.subnet)?.id ?? '', ...(f.ipAddress ? { ip_address: f.ipAddress } : {}) })),
    groups: groups.map((g) => all.find((x) => x.name === g)?.id).filter((x): x is string => Boolean(x)),
  };
}

export async function createPorts(ctx: WorkloadContext): Promise<void> {
  const spec = specOf(ctx);
  const c = ctx.ports.destination;
  for (const port of spec.ports) {
    if (ctx.state().ports[port.index]) continue;
    const want = await ids(c, port, spec.securityGroups.length ? spec.securityGroups : ['default']);
    const name = `${spec.selection.server}-port-${port.index}`;
    const existing = port.macAddress ? (await neutron.listPorts(c, { network_id: want.network.id, mac_address: port.macAddress }))[0] : (await neutron.listPorts(c, { network_id: want.network.id, name })).find((p) => p.name === name);
    if (existing && existing.device_id && existing.device_id !== ctx.state().serverId) {
      throw new StackshiftError(codes.STEP_FAILED, `MAC ${port.macAddress} is already used in the destination by port ${existing.id} (device ${existing.device_id})`, {
        retry: 'never', hint: 'free the address in the destination, or remove mac_address from this port in snapshots/workloads.yml to get a new one',
      });
    }
    const created = existing ?? (await neutron.createPort(c, {
      network_id: want.network.id, name, description: `stackshift: port ${port.index} of ${spec.selection.server}`,
      fixed_ips: want.fixedIps, security_groups: want.groups, ...(port.macAddress ? { mac_address: port.macAddress } : {}),
    }));
    await ctx.record([workloadEvent('DestinationPortCreated', {
      index: port.index, portId: created.id, macAddress: created.mac_address ?? port.macAddress ?? '',
      fixedIps: (created.fixed_ips ?? []).map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
    })]);
  }
}

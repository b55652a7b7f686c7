/**
 * Nova's calls into Neutron: make or bind the ports of a new server, unbind or delete them when
 * it goes, move their binding on migration, and read the addresses for the server body. All of
 * Neutron's rules (IP allocation, MACs, port in use) stay in Neutron; this file only adapts.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import { bindPort, createPort, deletePort, ensureDefaultSecurityGroup, networks as neutronNetworks, ports as neutronPorts, securityGroups } from '../neutron/api.js';
import type { Server } from './model.js';
import type { Addresses } from './serverView.js';

export interface RequestedNetwork {
  networkId?: string;
  portId?: string;
  fixedIp?: string;
}

const ports = neutronPorts;
const networks = neutronNetworks;

/** Checks the requested networks/ports before anything is created (Nova's API-side checks). */
export function validateNetworks(c: SimCloud, projectId: string, requested: RequestedNetwork[]): void {
  for (const r of requested) {
    if (r.portId) {
      const port = ports(c).get(r.portId);
      if (!port) throw new ApiError(400, `Port ${r.portId} could not be found.`);
      if (port.device_id) throw new ApiError(409, `Port ${r.portId} is still in use.`);
    } else if (r.networkId) {
      const net = networks(c).get(r.networkId);
      if (!net || (net.project_id && net.project_id !== projectId && !net.shared && !net['router:external'])) {
        throw new ApiError(400, `Network ${r.networkId} could not be found.`);
      }
    }
  }
}

/** The Neutron ids of the named security groups (400 as Nova says when one is missing). */
export function securityGroupIds(c: SimCloud, projectId: string, names: string[]): string[] {
  return names.map((name) => {
    if (name === 'default') return ensureDefaultSecurityGroup(c, projectId).id;
    const group = securityGroups(c).find((g) => (g.name === name || g.id === name) && g.project_id === projectId);
    if (!group) throw new ApiError(400, `Security group ${name} not found for project ${projectId}.`);
    return group.id;
  });
}

/** Creates (network) or binds (port) one port per requested entry; returns the port ids. */
export function allocatePorts(c: SimCloud, server: Server, requested: RequestedNetwork[]): string[] {
  const ids: string[] = [];
  for (const r of requested) {
    if (r.portId) {
      bindPort(c, r.portId, server.id, server.host ?? '');
      ids.push(r.portId);
      continue;
    }
    if (!r.networkId) continue;
    const port = createPort(c, server.projectId, {
      network_id: r.networkId,
      device_id: server.id,
      device_owner: `compute:${server.availabilityZone}`,
      security_groups: securityGroupIds(c, server.projectId, server.securityGroups),
      ...(r.fixedIp ? { fixed_ips: [{ ip_address: r.fixedIp }] } : {}),
    });
    bindPort(c, port.id, server.id, server.host ?? '');
    server.ownedPortIds.push(port.id);
    ids.push(port.id);
  }
  return ids;
}

/** Unbinds ports the user brought, deletes the ones Nova created. */
export function releasePorts(c: SimCloud, server: Server): void {
  for (const id of server.portIds) {
    if (!ports(c).get(id)) continue;
    if (server.ownedPortIds.includes(id)) deletePort(c, id);
    else bindPort(c, id, '', '');
  }
  server.portIds = [];
  server.ownedPortIds = [];
}

/** After a move, the ports are bound to the new host (Neutron's binding:host_id). */
export function rebindPorts(c: SimCloud, server: Server): void {
  for (const id of server.portIds) {
    if (ports(c).get(id)) bindPort(c, id, server.id, server.host ?? '');
  }
}

export function addressesOf(c: SimCloud, server: Server): Addresses {
  const out: Addresses = {};
  for (const id of server.portIds) {
    const port = ports(c).get(id);
    if (!port) continue;
    const name = networks(c).get(port.network_id)?.name ?? port.network_id;
    const list = (out[name] ??= []);
    for (const ip of port.fixed_ips ?? []) list.push({ addr: ip.ip_address, version: ip.ip_address.includes(':') ? 6 : 4, mac: port.mac_address });
  }
  return out;
}

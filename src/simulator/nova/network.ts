/**
 * Nova's calls into Neutron: make or bind the ports of a new server, unbind or delete them when
 * it goes, move their binding on migration, and read the addresses for the server body. All of
 * Neutron's rules (IP allocation, MACs, port in use) stay in Neutron; this file only adapts.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { Server } from './model.js';
import type { Addresses } from './serverView.js';

export interface RequestedNetwork {
  networkId?: string;
  portId?: string;
  fixedIp?: string;
}

interface PortLike {
  id: string;
  network_id: string;
  device_id: string;
  device_owner: string;
  mac_address: string;
  fixed_ips: Array<{ ip_address: string; subnet_id: string }>;
  'binding:host_id'?: string;
  /** Set by Nova on ports it created itself, so delete removes them (preserve_on_delete=False). */
  nova_created?: boolean;
  [key: string]: unknown;
}

interface NetworkLike {
  id: string;
  name: string;
  project_id?: string;
  shared?: boolean;
  'router:external'?: boolean;
}

const ports = (c: SimCloud) => c.state.collection<PortLike>('ports');
const networks = (c: SimCloud) => c.state.collection<NetworkLike>('networks');

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

/** Creates (network) or binds (port) one port per requested entry; returns the port ids. */
export function allocatePorts(c: SimCloud, server: Server, requested: RequestedNetwork[]): string[] {
  const ids: string[] = [];
  for (const r of requested) {
    if (r.portId) {
      const port = ports(c).get(r.portId)!;
      Object.assign(port, { device_id: server.id, device_owner: `compute:${server.availabilityZone}`, 'binding:host_id': server.host ?? '', status: 'ACTIVE' });
      ids.push(port.id);
      continue;
    }
    if (!r.networkId) continue;
    const port = createPortOn(c, server, r.networkId, r.fixedIp);
    ids.push(port.id);
  }
  return ids;
}

/** Unbinds ports the user brought, deletes the ones Nova created. */
export function releasePorts(c: SimCloud, server: Server): void {
  for (const id of server.portIds) {
    const port = ports(c).get(id);
    if (!port) continue;
    if (port.nova_created) ports(c).delete(id);
    else Object.assign(port, { device_id: '', device_owner: '', 'binding:host_id': '', status: 'DOWN' });
  }
  server.portIds = [];
}

/** After a move, the ports are bound to the new host (Neutron's binding:host_id). */
export function rebindPorts(c: SimCloud, server: Server): void {
  for (const id of server.portIds) {
    const port = ports(c).get(id);
    if (port) port['binding:host_id'] = server.host ?? '';
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

function createPortOn(c: SimCloud, server: Server, networkId: string, fixedIp: string | undefined): PortLike {
  const hook = neutronPortFactory;
  if (!hook) throw new ApiError(500, 'Neutron is not available in this simulated cloud');
  const port = hook(c, { networkId, projectId: server.projectId, deviceId: server.id, deviceOwner: `compute:${server.availabilityZone}`, hostId: server.host ?? '', fixedIp }) as PortLike;
  port.nova_created = true;
  return port;
}

/** How Neutron creates a port from another service; installed by the Neutron module (see setPortFactory). */
export type PortFactory = (
  c: SimCloud,
  req: { networkId: string; projectId: string; deviceId: string; deviceOwner: string; hostId: string; fixedIp: string | undefined },
) => { id: string };

let neutronPortFactory: PortFactory | undefined;

export function setPortFactory(factory: PortFactory): void {
  neutronPortFactory = factory;
}

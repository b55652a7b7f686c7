/**
 * Address checks across snapshots: a gateway, pool or fixed IP outside its subnet, or a fixed IP
 * on a subnet of another network than its port, is refused by Neutron at apply time; saying so
 * at validate time points at the line instead. IPv4 only; IPv6 addresses pass unchecked.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { DesiredResource, FixedIpRef, Ref } from './model.js';
import type { Problem } from './problem.js';
import { resourceIndex, type SnapshotResult } from './snapshots.js';
import { problemAt, type Segment } from './yamlFile.js';

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** undefined when either is not IPv4 (nothing to say), else whether ip is inside cidr. */
export function inCidr(ip: string, cidr: string): boolean | undefined {
  const [base, bits] = cidr.split('/');
  const address = ipv4(ip);
  const network = ipv4(base ?? '');
  const prefix = Number(bits);
  if (address === undefined || network === undefined || !(prefix >= 0 && prefix <= 32)) return undefined;
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) === Math.floor(network / size);
}

/** Why a CIDR is not one (an address of its family and a prefix that fits), or undefined. */
export function cidrError(cidr: string): string | undefined {
  const [base = '', bits = ''] = cidr.split('/');
  const max = isIPv4(base) ? 32 : isIPv6(base) ? 128 : undefined;
  if (max === undefined) return `'${base}' is not an IPv4 or IPv6 address`;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return `prefix length '/${bits}' must be 0 to ${max}`;
  return undefined;
}

export function checkAddresses(snap: SnapshotResult, problems: Problem[]): void {
  const at = (r: DesiredResource, path: Segment[], message: string, hint: string): void => {
    problems.push(problemAt(snap.files[r.kind]!, ['resources', resourceIndex.get(r)!, ...path], message, hint));
  };
  const subnets = new Map(snap.resources.subnet.map((s) => [s.params.name, s]));

  for (const subnet of snap.resources.subnet) {
    const { cidr, gateway_ip: gateway, allocation_pools: pools, name } = subnet.params;
    const bad = cidrError(cidr);
    if (bad) {
      at(subnet, ['params', 'cidr'], `subnet '${name}': ${cidr} is not a valid CIDR: ${bad}`, 'write the network address and prefix, e.g. 10.20.0.0/24');
      continue;
    }
    if (gateway && inCidr(gateway, cidr) === false) {
      at(subnet, ['params', 'gateway_ip'], `subnet '${name}': gateway ${gateway} is outside ${cidr}`, 'use an address inside the subnet, or null for no gateway');
    }
    (pools ?? []).forEach((pool, n) => {
      for (const end of ['start', 'end'] as const) {
        if (inCidr(pool[end], cidr) === false) at(subnet, ['params', 'allocation_pools', n, end], `subnet '${name}': allocation pool ${end} ${pool[end]} is outside ${cidr}`, 'keep allocation pools inside the subnet');
      }
    });
  }

  const checkFixedIps = (owner: DesiredResource, what: string, base: Segment[], network: Ref, fixedIps: FixedIpRef[]): void => {
    fixedIps.forEach((fixed, n) => {
      const subnet = subnets.get(fixed.subnet_ref.name);
      if (!subnet) return; // a missing subnet is reported by the reference checks
      if (subnet.params.network_ref.name !== network.name) {
        at(owner, [...base, n, 'subnet_ref'], `${what}: subnet '${subnet.params.name}' belongs to network '${subnet.params.network_ref.name}', not '${network.name}'`, 'a port takes addresses from subnets of its own network');
      }
      if (fixed.ip_address && inCidr(fixed.ip_address, subnet.params.cidr) === false) {
        at(owner, [...base, n, 'ip_address'], `${what}: ${fixed.ip_address} is outside subnet '${subnet.params.name}' (${subnet.params.cidr})`, 'fix the address or the subnet');
      }
    });
  };
  for (const iface of snap.resources.router_interface) {
    checkFixedIps(iface, `interface of router '${iface.params.device_ref.name}'`, ['params', 'fixed_ips_refs'], iface.params.network_ref, iface.params.fixed_ips_refs);
  }
  for (const server of snap.resources.server) {
    server.params.ports.forEach((port, n) => {
      checkFixedIps(server, `server '${server.params.name}' port ${n + 1}`, ['params', 'ports', n, 'params', 'fixed_ips_refs'], port.params.network_ref, port.params.fixed_ips_refs ?? []);
    });
  }
}

/**
 * Address checks across snapshots: a gateway, pool or fixed IP outside its subnet, or a fixed IP
 * on a subnet of another network than its port, is refused by Neutron at apply time; saying so
 * at validate time points at the line instead. A CIDR or address that is not one (10.999.0.0/24)
 * is reported once, and not again as "outside" anything. IPv4 and IPv6 alike.
 */
import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';
import type { DesiredResource, FixedIpRef, Ref } from './model.js';
import type { Problem } from './problem.js';
import { resourceIndex, type SnapshotResult } from './snapshots.js';
import { problemAt, type Segment } from './yamlFile.js';

/** undefined when either is not valid (reported on its own), else whether ip is inside cidr. */
export function inCidr(ip: string, cidr: string): boolean | undefined {
  const [base = '', bits] = cidr.split('/');
  const family = isIPv4(base) ? 'ipv4' : isIPv6(base) ? 'ipv6' : undefined;
  if (family === undefined || isIP(ip) === 0 || cidrError(cidr)) return undefined;
  if ((isIPv4(ip) ? 'ipv4' : 'ipv6') !== family) return false;
  const block = new BlockList();
  block.addSubnet(base, Number(bits), family);
  return block.check(ip, family);
}

/** Why an address is not one, or undefined. */
export function addressError(ip: string): string | undefined {
  return isIP(ip) === 0 ? `'${ip}' is not an IPv4 or IPv6 address` : undefined;
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
    const { cidr, gateway_ip: gateway, allocation_pools: pools, dns_nameservers: dns, ip_version: version, name } = subnet.params;
    (dns ?? []).forEach((server, n) => {
      const wrong = addressError(server);
      if (wrong) at(subnet, ['params', 'dns_nameservers', n], `subnet '${name}': DNS server ${wrong}`, 'write an address such as 10.0.0.2 or fd00::2');
    });
    const bad = cidrError(cidr);
    if (bad) {
      at(subnet, ['params', 'cidr'], `subnet '${name}': ${cidr} is not a valid CIDR: ${bad}`, 'write the network address and prefix, e.g. 10.20.0.0/24 or fd00:20::/64');
      continue;
    }
    const family = isIPv4(cidr.split('/')[0] ?? '') ? 4 : 6;
    if (version !== undefined && version !== family) {
      at(subnet, ['params', 'ip_version'], `subnet '${name}': ip_version is ${version}, but ${cidr} is an IPv${family} range`, `set ip_version: ${family}, or write an IPv${version} CIDR`);
    }
    const wrongGateway = gateway ? addressError(gateway) : undefined;
    if (wrongGateway) {
      at(subnet, ['params', 'gateway_ip'], `subnet '${name}': gateway ${wrongGateway}`, 'use an address inside the subnet, or null for no gateway');
    } else if (gateway && inCidr(gateway, cidr) === false) {
      at(subnet, ['params', 'gateway_ip'], `subnet '${name}': gateway ${gateway} is outside ${cidr}`, 'use an address inside the subnet, or null for no gateway');
    }
    (pools ?? []).forEach((pool, n) => {
      for (const end of ['start', 'end'] as const) {
        const wrong = addressError(pool[end]);
        if (wrong) at(subnet, ['params', 'allocation_pools', n, end], `subnet '${name}': allocation pool ${end} ${wrong}`, 'write an address inside the subnet');
        else if (inCidr(pool[end], cidr) === false) at(subnet, ['params', 'allocation_pools', n, end], `subnet '${name}': allocation pool ${end} ${pool[end]} is outside ${cidr}`, 'keep allocation pools inside the subnet');
      }
    });
  }

  const checkFixedIps = (owner: DesiredResource, what: string, base: Segment[], network: Ref, fixedIps: FixedIpRef[]): void => {
    fixedIps.forEach((fixed, n) => {
      const wrong = fixed.ip_address ? addressError(fixed.ip_address) : undefined;
      if (wrong) at(owner, [...base, n, 'ip_address'], `${what}: fixed IP ${wrong}`, 'write an address inside the subnet, or null to let Neutron choose');
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

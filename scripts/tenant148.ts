/**
 * The tenant of issue 15, as data: 10 networks, 15 subnets (pools, host routes, DNS, one IPv6
 * DHCPv6-stateful), 3 routers (one with an external gateway on a chosen address, without SNAT,
 * and a static route), 7 router interfaces (one through a named port with a fixed IP),
 * 15 security groups (one stateless) with 60 rules of our own plus the 2 default egress rules
 * Neutron gives each group (90 in all; remote-group, IPv6, 0.0.0.0/0 and ::/0 ones), 3 images with
 * tags and properties and 2 keypairs (one key ends in a newline). Every name starts with `cmp-`,
 * the prefix test/apply/fieldComparison.ts compares and `export --name-filter '^cmp-'` selects.
 * 145 resources; the 148 also counted 3 flavors, which the test cloud's src and dst share
 * (one Nova), so they cannot be migrated between its projects and are left out.
 */
import { generateKeyPairSync } from 'node:crypto';

export const PREFIX = 'cmp-';
/** On the harness's external network `public` (203.0.113.0/24); only an admin may choose it. */
export const GATEWAY_IP = '203.0.113.111';

export interface NetworkShape { name: string; description?: string; mtu?: number; tags?: string[]; port_security_enabled?: boolean }
export interface SubnetShape { name: string; network: string; [field: string]: unknown }
export interface InterfaceShape { router: string; subnet: string; port?: { name: string; ip: string } }
export interface RuleShape { group: string; direction: 'ingress' | 'egress'; ethertype: 'IPv4' | 'IPv6'; protocol?: string; port_range_min?: number; port_range_max?: number; remote_ip_prefix?: string; remote_group?: string; description?: string }

const n = (i: number) => String(i).padStart(2, '0');

export const networks: NetworkShape[] = Array.from({ length: 10 }, (_, k) => {
  const i = k + 1;
  if (i === 1) return { name: `${PREFIX}net-01`, description: 'app tier', mtu: 1400, tags: ['cmp', 'tier-a'] };
  if (i === 2) return { name: `${PREFIX}net-02`, description: 'db tier', port_security_enabled: false };
  return { name: `${PREFIX}net-${n(i)}`, description: `network ${i}` };
});

/** Networks 1–5 have two IPv4 subnets, 6–9 one, 10 one IPv6 DHCPv6-stateful subnet: 15. */
export const subnets: SubnetShape[] = [
  ...[1, 2, 3, 4, 5].flatMap((i) => [
    {
      name: `${PREFIX}subnet-${n(i)}a`, network: `${PREFIX}net-${n(i)}`, cidr: `10.148.${i}.0/24`, ip_version: 4, gateway_ip: `10.148.${i}.1`,
      description: `pools, routes, dns ${i}`,
      allocation_pools: [{ start: `10.148.${i}.50`, end: `10.148.${i}.99` }, { start: `10.148.${i}.150`, end: `10.148.${i}.199` }],
      dns_nameservers: [`10.148.${i}.3`, `10.148.${i}.2`],
      host_routes: [{ destination: '192.0.2.0/24', nexthop: `10.148.${i}.254` }, { destination: `198.18.${i}.0/24`, nexthop: `10.148.${i}.253` }],
      ...(i === 1 ? { tags: ['cmp'] } : {}),
    },
    { name: `${PREFIX}subnet-${n(i)}b`, network: `${PREFIX}net-${n(i)}`, cidr: `10.148.${100 + i}.0/24`, ip_version: 4, enable_dhcp: i % 2 === 0 },
  ]),
  ...[6, 7, 8, 9].map((i) => ({
    name: `${PREFIX}subnet-${n(i)}a`, network: `${PREFIX}net-${n(i)}`, cidr: `10.148.${i}.0/24`, ip_version: 4,
    allocation_pools: [{ start: `10.148.${i}.10`, end: `10.148.${i}.200` }], dns_nameservers: ['192.0.2.53'],
  })),
  { name: `${PREFIX}subnet-10-v6`, network: `${PREFIX}net-10`, cidr: 'fd00:148::/64', ip_version: 6, ipv6_ra_mode: 'dhcpv6-stateful', ipv6_address_mode: 'dhcpv6-stateful', dns_nameservers: ['fd00:148::53'] },
];

export const routers = [
  { name: `${PREFIX}router-01`, description: 'edge', gateway: true, routes: [{ destination: '198.51.100.0/24', nexthop: '10.148.1.254' }] },
  { name: `${PREFIX}router-02`, description: 'inner' },
  { name: `${PREFIX}router-03`, description: 'backend' },
];

export const interfaces: InterfaceShape[] = [
  { router: `${PREFIX}router-01`, subnet: `${PREFIX}subnet-01a` },
  { router: `${PREFIX}router-01`, subnet: `${PREFIX}subnet-02a` },
  { router: `${PREFIX}router-01`, subnet: `${PREFIX}subnet-10-v6` },
  { router: `${PREFIX}router-02`, subnet: `${PREFIX}subnet-03a` },
  { router: `${PREFIX}router-02`, subnet: `${PREFIX}subnet-04a` },
  { router: `${PREFIX}router-03`, subnet: `${PREFIX}subnet-05a` },
  { router: `${PREFIX}router-03`, subnet: `${PREFIX}subnet-06a`, port: { name: `${PREFIX}rtrport-07`, ip: '10.148.6.7' } },
];

export const groups = Array.from({ length: 15 }, (_, k) => ({
  name: `${PREFIX}sg-${n(k + 1)}`, description: k === 14 ? 'no conntrack' : `group ${k + 1}`, stateful: k !== 14,
}));

/** Four rules per group: anywhere (0.0.0.0/0 or ::/0) on ports, a remote group, IPv6. */
export const rules: RuleShape[] = groups.flatMap((g, k) => {
  const next = groups[(k + 1) % groups.length]!.name;
  return [
    { group: g.name, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: k % 2 === 0 ? '0.0.0.0/0' : '10.0.0.0/8', description: 'ssh' },
    { group: g.name, direction: 'ingress', ethertype: 'IPv6', protocol: 'tcp', port_range_min: 443, port_range_max: 443, remote_ip_prefix: k % 3 === 0 ? '::/0' : 'fd00::/8' },
    { group: g.name, direction: 'ingress', ethertype: 'IPv4', protocol: 'icmp', remote_group: next },
    { group: g.name, direction: k % 2 === 0 ? 'ingress' : 'egress', ethertype: 'IPv6', protocol: 'udp', port_range_min: 5000 + k, port_range_max: 5100 + k, remote_group: g.name },
  ];
});

export const images = [1, 2, 3].map((i) => ({
  name: `${PREFIX}image-${n(i)}`, disk_format: 'raw', container_format: 'bare', min_disk: i, min_ram: 64 * i,
  tags: ['cmp', ...(i === 1 ? ['golden'] : []), `gen-${i}`], os_distro: 'cirros', hw_disk_bus: i === 2 ? 'scsi' : 'virtio', ...(i === 3 ? { owner_team: 'storage' } : {}),
}));

/** A fresh OpenSSH ed25519 public key (Nova checks that a key parses). */
export function sshPublicKey(comment: string): string {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  const str = (b: Buffer) => { const len = Buffer.alloc(4); len.writeUInt32BE(b.length); return Buffer.concat([len, b]); };
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(Buffer.from(jwk.x!, 'base64url'))]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

export const keypairs = [
  { name: `${PREFIX}key-01`, newline: true },
  { name: `${PREFIX}key-02`, newline: false },
];

/** 10 + 15 + 3 + 7 + 15 + 90 + 3 + 2. */
export const RESOURCE_COUNT = networks.length + subnets.length + routers.length + interfaces.length + groups.length + rules.length + 2 * groups.length + images.length + keypairs.length;

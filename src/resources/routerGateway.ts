/**
 * A router's gateway addresses and SNAT flag: kept from the source where the destination allows.
 * Neutron lets only admins choose them (policy `create_router:external_gateway_info:
 * external_fixed_ips` and `...:enable_snat`), and an address must lie in one of the destination's
 * external subnets and be free there. Observation records, with the destination admin, which
 * subnets the external networks have and which addresses are taken; planning keeps the addresses
 * that fit and says in the plan why the others cannot be kept (Neutron then picks one).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { sameValue } from './common.js';
import type { DesiredItem, ObserveContext, ObservedItem, Spec } from './types.js';

/** What an external network offers a gateway: its subnets and the addresses already taken. */
export interface GatewayAddresses {
  cidrs: string[];
  taken: string[];
}

/** The raw network key observation fills in (not an API field). */
export const GATEWAY_ADDRESSES = 'stackshift:gateway_addresses';

type Raw = Record<string, unknown>;

/**
 * Adds, with the destination admin, each external network's subnets and taken addresses. Without
 * the admin nothing is added: a member sees neither, and could not choose an address anyway.
 */
export async function observeGatewayAddresses(ctx: ObserveContext, listNetworks: Promise<Raw[]>): Promise<Raw[]> {
  const admin = ctx.admin;
  // Without a router that keeps its gateway's address or SNAT flag, fitGateway has nothing to fit.
  // (Whether a router holds its gateway already is known only from the router list: waiting for it
  // would delay the reads where they are needed, as they are on every plan across two clouds, whose
  // external subnets differ.)
  if (!admin || (ctx.desired && !ctx.desired.some(choosesGateway))) return listNetworks;
  // The external networks are found by a short list of their own, so the admin's reads overlap
  // the member's (long) network list instead of following it; the member asks, as its token is
  // the one the observation has already (external networks are visible to every project).
  const external = ctx.client.request<{ networks: Raw[] }>({ service: 'network', method: 'GET', path: '/networks', query: { 'router:external': 'true', fields: 'id' } });
  const offers = new Map<string, GatewayAddresses>();
  await Promise.all((await external).body.networks.map(async (n) => {
    const network_id = String(n.id);
    // Only the fields read: an external network's ports are every project's gateways and floating IPs.
    const [subnets, ports] = await Promise.all([
      admin.request<{ subnets: { cidr: string }[] }>({ service: 'network', method: 'GET', path: '/subnets', query: { network_id, fields: 'cidr' } }),
      admin.request<{ ports: { fixed_ips?: { ip_address: string }[] }[] }>({ service: 'network', method: 'GET', path: '/ports', query: { network_id, fields: 'fixed_ips' } }),
    ]);
    const value: GatewayAddresses = {
      cidrs: subnets.body.subnets.map((s) => s.cidr).sort(),
      taken: ports.body.ports.flatMap((p) => (p.fixed_ips ?? []).map((f) => f.ip_address)).sort(),
    };
    offers.set(String(n.id), value);
  }));
  const networks = await listNetworks;
  for (const n of networks) if (n['router:external'] === true && offers.has(String(n.id))) n[GATEWAY_ADDRESSES] = offers.get(String(n.id));
  return networks;
}

/** A desired router that keeps its gateway's address or SNAT flag (fitGateway has something to fit). */
function choosesGateway(d: DesiredItem): boolean {
  return d.kind === 'router' && typeof d.spec.external_network === 'string' && (d.spec.external_fixed_ips !== undefined || d.spec.enable_snat !== undefined);
}

/** The observed router's gateway addresses and SNAT flag (empty without a gateway). */
export function observedGateway(raw: Raw): Spec {
  const gw = raw.external_gateway_info as { enable_snat?: boolean; external_fixed_ips?: { ip_address: string }[] } | null | undefined;
  if (!gw) return { external_fixed_ips: [], enable_snat: undefined };
  return { external_fixed_ips: (gw.external_fixed_ips ?? []).map((f) => f.ip_address).sort(), enable_snat: gw.enable_snat };
}

/** The desired gateway addresses and SNAT flag as written in params (undefined: not managed). */
export function desiredGateway(gateway: { enable_snat?: boolean | null; external_fixed_ips?: { ip_address: string }[] | null } | null | undefined): Spec {
  if (!gateway) return {};
  return {
    external_fixed_ips: Array.isArray(gateway.external_fixed_ips) && gateway.external_fixed_ips.length > 0 ? gateway.external_fixed_ips.map((f) => f.ip_address).sort() : undefined,
    enable_snat: typeof gateway.enable_snat === 'boolean' ? gateway.enable_snat : undefined,
  };
}

export interface Fit {
  spec: Spec;
  notes: string[];
}

/**
 * Keeps the gateway addresses and SNAT flag the destination can take; what it cannot is left to
 * Neutron (not managed) and said in a note. A router that already has them needs nothing.
 */
export function fitGateway(desired: DesiredItem, observedOf: (kind: string, key: string) => ObservedItem[]): Fit {
  const spec = desired.spec;
  const want = spec.external_fixed_ips as string[] | undefined;
  const snat = spec.enable_snat as boolean | undefined;
  if (typeof spec.external_network !== 'string' || (want === undefined && snat === undefined)) return { spec, notes: [] };
  const current = observedOf('router', desired.key).find((o) => o.managed)?.spec;
  const network = observedOf('network', spec.external_network).find((o) => o.spec.gateway_addresses !== undefined);
  const offer = network?.spec.gateway_addresses as GatewayAddresses | undefined;
  const notes: string[] = [];
  const out: Spec = { ...spec };
  const ipsHeld = want !== undefined && sameValue(current?.external_fixed_ips, want);
  if (want !== undefined && !ipsHeld) {
    const problems = offer ? addressProblems(want, offer, (current?.external_fixed_ips as string[] | undefined) ?? []) : ['only an admin may choose them: set destination.adminCloud in stackshift.yaml'];
    if (problems.length > 0) {
      out.external_fixed_ips = undefined;
      notes.push(`gateway address ${want.join(', ')} cannot be kept (${problems.join('; ')}); Neutron picks the address`);
    }
  }
  if (snat !== undefined && !offer && current?.enable_snat !== snat) {
    out.enable_snat = undefined;
    // SNAT on is Neutron's default (enable_snat_by_default), so only "off" is lost without the admin.
    if (snat === false) notes.push('SNAT off cannot be kept (only an admin may set it: set destination.adminCloud in stackshift.yaml); Neutron turns SNAT on');
  }
  return { spec: out, notes };
}

/** Whether `ip` lies in `cidr` (IPv4 or IPv6; false when either is not an address). */
function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = ''] = cidr.split('/');
  const family = isIPv4(base) ? 'ipv4' : isIPv6(base) ? 'ipv6' : undefined;
  if (!family || (family === 'ipv4' ? !isIPv4(ip) : !isIPv6(ip))) return false;
  const block = new BlockList();
  block.addSubnet(base, Number(bits), family);
  return block.check(ip, family);
}

function addressProblems(want: string[], offer: GatewayAddresses, own: string[]): string[] {
  const problems: string[] = [];
  for (const ip of want) {
    if (!offer.cidrs.some((c) => inCidr(ip, c))) problems.push(`${ip} is in none of the destination's external subnets (${offer.cidrs.join(', ') || 'none'})`);
    else if (offer.taken.includes(ip) && !own.includes(ip)) problems.push(`${ip} is taken in the destination's external network`);
  }
  return problems;
}

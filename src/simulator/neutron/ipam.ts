/**
 * IP address management for Neutron: CIDR parsing (IPv4 and IPv6, as BigInt), overlap checks,
 * default gateway and allocation pools, and "next free address in the pools" for ports.
 */

export interface Cidr {
  version: 4 | 6;
  /** Network address. */
  base: bigint;
  prefix: number;
  /** Number of addresses in the block. */
  size: bigint;
}

export function parseIp(text: string): { version: 4 | 6; value: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { version: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { version: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

export function formatIp(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt((7 - i) * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr, len] = text.split('/');
  const ip = addr ? parseIp(addr) : undefined;
  if (!ip || len === undefined || !/^\d+$/.test(len)) return undefined;
  const bits = ip.version === 4 ? 32 : 128;
  const prefix = Number(len);
  if (prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  return { version: ip.version, base: ip.value & ~(size - 1n), prefix, size };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.version, c.base)}/${c.prefix}`;
}

export function contains(c: Cidr, ip: bigint): boolean {
  return ip >= c.base && ip < c.base + c.size;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.base < b.base + b.size && b.base < a.base + a.size;
}

/** Neutron's defaults: gateway = first host; pool = the rest, minus IPv4 broadcast. */
export function defaultGateway(c: Cidr): string {
  return formatIp(c.version, c.base + 1n);
}

export function defaultPools(c: Cidr, gateway: string | null): { start: string; end: string }[] {
  const first = c.base + 1n;
  const last = c.version === 4 ? c.base + c.size - 2n : c.base + c.size - 1n;
  if (last < first) return [];
  const gw = gateway ? parseIp(gateway)?.value : undefined;
  const ranges: [bigint, bigint][] = [];
  if (gw !== undefined && gw >= first && gw <= last) {
    if (gw > first) ranges.push([first, gw - 1n]);
    if (gw < last) ranges.push([gw + 1n, last]);
  } else ranges.push([first, last]);
  return ranges.map(([s, e]) => ({ start: formatIp(c.version, s), end: formatIp(c.version, e) }));
}

/** The first address in `pools` not in `used`, or undefined when the pools are exhausted. */
export function nextFree(version: 4 | 6, pools: { start: string; end: string }[], used: Set<string>): string | undefined {
  for (const pool of pools) {
    const start = parseIp(pool.start)?.value;
    const end = parseIp(pool.end)?.value;
    if (start === undefined || end === undefined) continue;
    // Bounded scan: real pools in tests are small; cap to avoid walking a /64.
    for (let v = start, n = 0; v <= end && n < 1_000_000; v++, n++) {
      const ip = formatIp(version, v);
      if (!used.has(ip)) return ip;
    }
  }
  return undefined;
}

/** Canonical text of an address (so '10.0.0.010' style and IPv6 spellings compare equal). */
export function canonicalIp(text: string): string | undefined {
  const ip = parseIp(text);
  return ip ? formatIp(ip.version, ip.value) : undefined;
}

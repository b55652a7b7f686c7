/**
 * Seedable ids for the simulator (moto's MotoRandom): the same seed gives the same UUIDs, MACs and
 * tokens, so a test can assert on an id and a demo run is reproducible. Request ids and fault
 * rates draw from their own streams, so polling more or less never shifts resource ids.
 */

/** A small, fast, seedable PRNG (mulberry32): deterministic, not cryptographic. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  byte(): number {
    return Math.floor(this.next() * 256);
  }
  /** 32 random bits as an unsigned integer. */
  word(): number {
    return Math.floor(this.next() * 4294967296);
  }
  hex(bytes: number): string {
    let out = '';
    let i = 0;
    for (; i + 4 <= bytes; i += 4) out += this.word().toString(16).padStart(8, '0');
    for (; i < bytes; i++) out += this.byte().toString(16).padStart(2, '0');
    return out;
  }
}

/** Every id a cloud hands out comes from here; `reseed` is part of a cloud reset. */
export class IdGenerator {
  private resources: Prng;
  private requests: Prng;
  /** Separate stream for fault rates (`FaultInjector` draws from it). */
  chance: Prng;
  constructor(private seed: number) {
    this.resources = new Prng(seed);
    this.requests = new Prng(seed ^ 0x5bd1e995);
    this.chance = new Prng(seed ^ 0x27d4eb2f);
  }
  reseed(seed = this.seed): void {
    this.seed = seed;
    this.resources = new Prng(seed);
    this.requests = new Prng(seed ^ 0x5bd1e995);
    this.chance = new Prng(seed ^ 0x27d4eb2f);
  }
  /** A version-4-shaped UUID (8-4-4-4-12, lower-case hex), as OpenStack returns. */
  uuid(): string {
    return formatUuid(this.resources);
  }
  /** Keystone ids are UUIDs without dashes. */
  hexId(): string {
    return this.uuid().replaceAll('-', '');
  }
  /** A Neutron-style MAC in the fa:16:3e OUI. */
  mac(): string {
    const tail = [this.resources.byte(), this.resources.byte(), this.resources.byte()];
    return ['fa', '16', '3e', ...tail.map((b) => b.toString(16).padStart(2, '0'))].join(':');
  }
  /** An opaque token-like string (Fernet tokens start with gAAAAA). */
  token(): string {
    return `gAAAAAB${this.resources.hex(48)}`;
  }
  /** `req-<uuid>` for the x-openstack-request-id header. */
  requestId(): string {
    return `req-${formatUuid(this.requests)}`;
  }
}

function formatUuid(prng: Prng): string {
  const s = prng.hex(16);
  const variant = ((parseInt(s[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20)}`;
}

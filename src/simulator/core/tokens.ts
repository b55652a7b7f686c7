/**
 * Issued Keystone tokens. Keystone issues them; the core validates `X-Auth-Token` on every
 * authenticated route through `validate`, which honours expiry on the injected clock, so
 * "token expired mid-migration" is a test that advances the clock past `lifetimeMs`.
 */
import type { SimClock } from './clock.js';
import type { IdGenerator } from './ids.js';

export interface TokenSubject {
  userId: string;
  userName: string;
  userDomainId: string;
  projectId: string;
  projectName: string;
  projectDomainId: string;
  /** Role names, e.g. ['member', 'reader'] or ['admin', 'member', 'reader']. */
  roles: string[];
  /** Keystone auth methods used: ['password'] or ['application_credential']. */
  methods: string[];
  applicationCredentialId?: string;
}

export interface TokenRecord extends TokenSubject {
  id: string;
  issuedAt: number;
  expiresAt: number;
}

export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  /** Token lifetime (Keystone's default is one hour); a knob for expiry tests. */
  lifetimeMs = 3_600_000;

  constructor(
    private readonly clock: SimClock,
    private readonly ids: IdGenerator,
  ) {}

  issue(subject: TokenSubject): TokenRecord {
    const now = this.clock.now();
    const record: TokenRecord = { ...subject, id: this.ids.token(), issuedAt: now, expiresAt: now + this.lifetimeMs };
    this.tokens.set(record.id, record);
    return record;
  }
  /** The token if it exists, is not revoked and has not expired; otherwise undefined. */
  validate(id: string | undefined): TokenRecord | undefined {
    if (!id) return undefined;
    const record = this.tokens.get(id);
    if (!record || record.expiresAt <= this.clock.now()) return undefined;
    return record;
  }
  revoke(id: string): boolean {
    return this.tokens.delete(id);
  }
  reset(): void {
    this.tokens.clear();
    this.lifetimeMs = 3_600_000;
  }
}

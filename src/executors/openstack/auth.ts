/**
 * Keystone v3 authentication: builds the POST /v3/auth/tokens body for the three auth types and
 * reads the token, its expiry, the project and the service catalog from the answer.
 */
import type { CloudAuth, CloudConfig } from './types.js';

export interface CatalogEndpoint {
  interface: string;
  region?: string | null;
  region_id?: string | null;
  url: string;
}
export interface CatalogEntry {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

export interface Session {
  token: string;
  expiresAtMs: number;
  issuedAtMs: number;
  projectId?: string;
  userId?: string;
  catalog: CatalogEntry[];
}

/** `<auth_url>/v3/auth/tokens`, whether auth_url ends in /v3, /v2.0 or nothing. */
export function tokensUrl(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '').replace(/\/v2\.0$/, '').replace(/\/v3$/, '');
  return `${base}/v3/auth/tokens`;
}

function domain(name?: string, id?: string): { id: string } | { name: string } | undefined {
  if (id) return { id };
  if (name) return { name };
  return undefined;
}

function scope(a: CloudAuth): Record<string, unknown> | undefined {
  if (a.projectId) return { project: { id: a.projectId } };
  if (a.projectName) return { project: { name: a.projectName, domain: domain(a.projectDomainName, a.projectDomainId) } };
  return undefined;
}

function user(a: CloudAuth): Record<string, unknown> {
  if (a.userId) return { id: a.userId };
  return { name: a.username, domain: domain(a.userDomainName, a.userDomainId) };
}

export function tokenRequestBody(cloud: CloudConfig): Record<string, unknown> {
  const a = cloud.auth;
  if (cloud.authType === 'v3applicationcredential') {
    const cred = a.applicationCredentialId
      ? { id: a.applicationCredentialId, secret: a.applicationCredentialSecret }
      : { name: a.applicationCredentialName, secret: a.applicationCredentialSecret, user: user(a) };
    // An application credential carries its own project scope; Keystone rejects an explicit one.
    return { auth: { identity: { methods: ['application_credential'], application_credential: cred } } };
  }
  const identity =
    cloud.authType === 'token'
      ? { methods: ['token'], token: { id: a.token } }
      : { methods: ['password'], password: { user: { ...user(a), password: a.password } } };
  const s = scope(a);
  return { auth: { identity, ...(s ? { scope: s } : {}) } };
}

interface TokenBody {
  token?: { expires_at?: string; project?: { id?: string }; user?: { id?: string }; catalog?: CatalogEntry[] };
}

export function sessionFrom(subjectToken: string, body: unknown, nowMs: number): Session {
  const t = (body as TokenBody).token ?? {};
  const expires = t.expires_at ? Date.parse(t.expires_at) : NaN;
  return {
    token: subjectToken,
    // Without an expiry we assume an hour, the Keystone default, and rely on re-auth after a 401.
    expiresAtMs: Number.isFinite(expires) ? expires : nowMs + 3_600_000,
    issuedAtMs: nowMs,
    ...(t.project?.id ? { projectId: t.project.id } : {}),
    ...(t.user?.id ? { userId: t.user.id } : {}),
    catalog: Array.isArray(t.catalog) ? t.catalog : [],
  };
}

/** Renew a few minutes before expiry, or at 3/4 of a short token's life. */
export function needsRenewal(s: Session, nowMs: number): boolean {
  const life = s.expiresAtMs - s.issuedAtMs;
  const margin = Math.min(300_000, Math.max(0, life / 4));
  return nowMs >= s.expiresAtMs - margin;
}

/**
 * A minimal OpenStack client for contract tests: password auth against the entry's auth_url,
 * endpoints from the token's catalog, JSON in and out. Deliberately independent of the product's
 * client so that the simulator is checked against the API reference, not against our own code.
 */
import type { CloudEntry } from '../../../src/simulator/core/cloudsYaml.js';

export interface Res {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else undefined. */
  body: any;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Send this instead of JSON (e.g. image bytes). */
  raw?: Uint8Array;
  /** Omit X-Auth-Token. */
  anonymous?: boolean;
}

export interface Session {
  token: string;
  projectId: string;
  userId: string;
  catalog: { type: string; endpoints: { interface: string; url: string }[] }[];
  endpoint(type: string): string;
  request(type: string, method: string, path: string, options?: RequestOptions): Promise<Res>;
}

export async function send(url: string, method: string, options: RequestOptions & { token?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInitLike | undefined;
  if (options.raw) {
    body = options.raw;
    headers['content-type'] ??= 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token && !options.anonymous) headers['x-auth-token'] = options.token;
  const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed, text };
}
type BodyInitLike = string | Uint8Array;

export function passwordAuth(entry: CloudEntry) {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: entry.auth.username, domain: { name: entry.auth.user_domain_name }, password: entry.auth.password } },
      },
      scope: { project: { name: entry.auth.project_name, domain: { name: entry.auth.project_domain_name } } },
    },
  };
}

export async function login(entry: CloudEntry): Promise<Session> {
  const res = await send(`${entry.auth.auth_url}/auth/tokens`, 'POST', { body: passwordAuth(entry) });
  if (res.status !== 201) throw new Error(`login as ${entry.auth.username} failed: ${res.status} ${res.text}`);
  const token = res.headers.get('x-subject-token')!;
  const catalog = res.body.token.catalog as Session['catalog'];
  const endpoint = (type: string) => {
    const svc = catalog.find((s) => s.type === type);
    const ep = svc?.endpoints.find((e) => e.interface === 'public');
    if (!ep) throw new Error(`no public ${type} endpoint in the catalog`);
    return ep.url.replace(/\/$/, '');
  };
  return {
    token,
    projectId: res.body.token.project.id,
    userId: res.body.token.user.id,
    catalog,
    endpoint,
    request: (type, method, path, options = {}) => send(endpoint(type) + path, method, { ...options, token }),
  };
}

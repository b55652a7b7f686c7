/**
 * A deliberately tiny OpenStack HTTP session for the recorder and the response-shape tests.
 * It uses plain fetch, not stackshift's client, so that a bug in the client cannot hide a
 * divergence between the simulator and a real cloud: both are spoken to the same dumb way.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export interface CloudEntry {
  auth: { auth_url: string; username: string; password: string; project_name: string;
    user_domain_name?: string; project_domain_name?: string };
  region_name?: string;
  interface?: string;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or `{ text }` for anything that is not JSON (Glance's HTML error pages). */
  body: unknown;
  bytes?: Uint8Array;
}

export interface CallOptions {
  body?: unknown;
  /** Raw bytes sent as application/octet-stream (Glance image data). */
  data?: Uint8Array;
  headers?: Record<string, string>;
  /** `path` is taken from the endpoint's origin instead of the endpoint URL (version documents). */
  fromRoot?: boolean;
  /** Keep the raw body bytes (image download). */
  binary?: boolean;
  token?: string;
}

interface CatalogEntry { type: string; endpoints: { interface: string; region?: string; url: string }[] }

export interface Session {
  projectId: string;
  token: string;
  /** The token request's own reply (headers and body), with the token kept out of it. */
  tokenReply: Reply;
  endpoint(service: string): string;
  call(service: string, method: string, path: string, options?: CallOptions): Promise<Reply>;
}

export async function readCloudsYaml(path: string): Promise<Record<string, CloudEntry>> {
  const doc = parse(await readFile(path, 'utf8')) as { clouds?: Record<string, CloudEntry> };
  if (!doc?.clouds) throw new Error(`${path}: no "clouds:" mapping`);
  return doc.clouds;
}

export function authBody(entry: CloudEntry, password = entry.auth.password): unknown {
  return { auth: {
    identity: { methods: ['password'], password: { user: {
      name: entry.auth.username, password, domain: { name: entry.auth.user_domain_name ?? 'Default' } } } },
    scope: { project: { name: entry.auth.project_name, domain: { name: entry.auth.project_domain_name ?? 'Default' } } },
  } };
}

export async function send(url: string, method: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: Uint8Array | string | undefined;
  if (options.data) {
    headers['content-type'] = 'application/octet-stream';
    body = options.data;
  } else if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  if (options.token) headers['x-auth-token'] = options.token;
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  const replyHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => { replyHeaders[key] = value; });
  const raw = new Uint8Array(await response.arrayBuffer());
  if (options.binary && response.status < 300) return { status: response.status, headers: replyHeaders, body: null, bytes: raw };
  const text = new TextDecoder().decode(raw);
  let parsed: unknown = text.length === 0 ? null : { text };
  if (text.length > 0 && /json/.test(replyHeaders['content-type'] ?? '')) {
    try { parsed = JSON.parse(text); } catch { /* keep the text: a JSON content type with a non-JSON body is itself a finding */ }
  }
  return { status: response.status, headers: replyHeaders, body: parsed };
}

export async function openSession(entry: CloudEntry): Promise<Session> {
  const authUrl = entry.auth.auth_url.replace(/\/+$/, '');
  const tokenUrl = (/\/v3$/.test(authUrl) ? authUrl : `${authUrl}/v3`) + '/auth/tokens';
  const tokenReply = await send(tokenUrl, 'POST', { body: authBody(entry) });
  const token = tokenReply.headers['x-subject-token'];
  if (tokenReply.status !== 201 || !token) {
    throw new Error(`authentication as ${entry.auth.username} failed: HTTP ${tokenReply.status}`);
  }
  tokenReply.headers['x-subject-token'] = '<token>';
  const tokenBody = tokenReply.body as { token: { project: { id: string }; catalog: CatalogEntry[] } };
  const wanted = entry.interface ?? 'public';
  const endpoint = (service: string): string => {
    const entryOf = tokenBody.token.catalog.find((c) => c.type === service);
    const url = entryOf?.endpoints.find((e) => e.interface === wanted && (!entry.region_name || !e.region || e.region === entry.region_name))?.url;
    if (!url) throw new Error(`no ${wanted} endpoint for service type ${service} in the catalog`);
    return url.replace(/\/+$/, '');
  };
  return {
    projectId: tokenBody.token.project.id,
    token,
    tokenReply,
    endpoint,
    call(service, method, path, options = {}) {
      const base = endpoint(service);
      const url = options.fromRoot ? new URL(base).origin + path : base + path;
      return send(url, method, { token, ...options });
    },
  };
}

/**
 * A small real HTTP server on 127.0.0.1 that plays Keystone plus a few service endpoints, with
 * scripted faults, for the client's fault tests (the simulator covers the full APIs).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export type Route = (req: IncomingMessage, url: URL, body: string) => Reply | 'reset' | 'hang' | undefined;
export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FakeCloud {
  url: string;
  seen: Seen[];
  tokens: string[];
  /** Tokens the server no longer accepts. */
  revoked: Set<string>;
  routes: Route[];
  /** Faults served first-in first-out to non-Keystone requests. */
  faults: Array<Reply | 'reset' | 'hang'>;
  tokenTtlMs: number;
  now: () => number;
  password: string;
  appSecret: string;
  cloudsEntry(extra?: string): string;
  close(): Promise<void>;
}

export const PROJECT = 'p-0001';

export async function startFakeCloud(options: { password?: string; now?: () => number; tls?: { key: string; cert: string } } = {}): Promise<FakeCloud> {
  const hanging: ServerResponse[] = [];
  const fake: FakeCloud = {
    url: '', seen: [], tokens: [], revoked: new Set(), routes: [], faults: [], tokenTtlMs: 3_600_000,
    now: options.now ?? (() => Date.now()), password: options.password ?? 'pa55-w0rd-xyz', appSecret: 'app-cred-s3cret-value',
    cloudsEntry: (extra = '') => `clouds:\n  fake:\n    auth: {auth_url: "${fake.url}/identity", username: alice, password: "${fake.password}", project_name: demo, user_domain_name: Default, project_domain_name: Default}\n    region_name: R1\n${extra}`,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  const catalog = () => [
    { type: 'identity', endpoints: [{ interface: 'public', region_id: 'R1', url: `${fake.url}/identity` }] },
    { type: 'compute', endpoints: [{ interface: 'public', region_id: 'R1', url: `${fake.url}/compute/v2.1` }, { interface: 'public', region_id: 'R2', url: 'http://127.0.0.1:9/r2' }] },
    { type: 'network', endpoints: [{ interface: 'public', region_id: 'R1', url: `${fake.url}/network` }, { interface: 'internal', region_id: 'R1', url: `${fake.url}/internal-network` }] },
    { type: 'image', endpoints: [{ interface: 'public', region_id: 'R1', url: `${fake.url}/image` }] },
    { type: 'block-storage', endpoints: [{ interface: 'public', region_id: 'R1', url: `${fake.url}/volume/v3/$(project_id)s` }] },
    { type: 'baremetal', endpoints: [{ interface: 'public', region_id: 'R1', url: `${fake.url}/baremetal` }] },
  ];
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', fake.url);
    fake.seen.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers });
    const reply = (r: Reply) => {
      res.writeHead(r.status, { 'content-type': 'application/json', 'x-openstack-request-id': `req-${fake.seen.length}`, ...r.headers });
      res.end(r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    };
    if (url.pathname === '/identity/v3/auth/tokens' && req.method === 'POST') {
      const auth = JSON.parse(body).auth;
      const appCred = auth.identity.application_credential;
      const ok = appCred ? appCred.id === 'ac-1' && appCred.secret === fake.appSecret : auth.identity.password?.user?.password === fake.password;
      if (!ok) {
        return reply({ status: 401, body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } });
      }
      const token = `gAAAA-token-${fake.tokens.length + 1}-secret`;
      fake.tokens.push(token);
      const expires = new Date(fake.now() + fake.tokenTtlMs).toISOString();
      return reply({ status: 201, headers: { 'x-subject-token': token }, body: { token: { expires_at: expires, project: { id: PROJECT }, user: { id: 'u-1' }, catalog: catalog() } } });
    }
    const token = req.headers['x-auth-token'];
    if (typeof token !== 'string' || !fake.tokens.includes(token) || fake.revoked.has(token)) {
      return reply({ status: 401, body: { error: { code: 401, message: 'The request you have made requires authentication.' } } });
    }
    const fault = fake.faults.shift();
    const route = fault ?? fake.routes.map((r) => r(req, url, body)).find((r) => r !== undefined);
    if (route === 'reset') return req.socket.destroy();
    if (route === 'hang') return void hanging.push(res);
    if (route) return reply(route);
    reply({ status: 404, body: { itemNotFound: { code: 404, message: `no route ${url.pathname}` } } });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  fake.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** A clock whose sleeps advance time at once and are recorded, so backoff is asserted, not waited. */
export function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  const sleeps: number[] = [];
  let now = start;
  return {
    sleeps,
    advance: (ms: number) => void (now += ms),
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

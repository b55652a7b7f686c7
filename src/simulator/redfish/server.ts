/**
 * One Redfish BMC on loopback per simulated bare-metal machine, shaped after sushy-tools: service
 * root, Systems collection, the System (GET, PATCH Boot with optional If-Match), and the
 * ComputerSystem.Reset action. Everything but the service root and the session login needs
 * HTTP Basic auth or a session's X-Auth-Token (DSP0266 "Session management": POST
 * /redfish/v1/SessionService/Sessions with UserName and Password → 201, X-Auth-Token and the
 * session's Location; DELETE of that session ends it, and its token then gets 401).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { applyBootPatch, applyReset, RESET_TYPES, systemBody, type BareMetalMachine, type ResetType } from './machine.js';

export interface RedfishBmc {
  /** http://127.0.0.1:<port>, or https:// when started with tls */
  url: string;
  /** The system path Ironic's redfish_system_id wants: /redfish/v1/Systems/<id> */
  systemPath: string;
  readonly machine: BareMetalMachine;
  /** Sessions logged in and not yet deleted. */
  readonly openSessions: number;
  close(): Promise<void>;
}

/** A login session: its resource id and the user it authenticates as. */
interface Session {
  id: string;
  username: string;
}

/**
 * Starts a BMC for `machine`: a record, or a lookup called on every request (so a cloud reset,
 * which replaces the record, is seen; undefined answers 503 as a BMC that is not responding).
 */
export interface BmcFault {
  status?: number;
  message?: string;
  latencyMs?: number;
  reset?: boolean;
}

export async function startRedfishBmc(
  machine: BareMetalMachine | (() => BareMetalMachine | undefined),
  options: { host?: string; port?: number; fault?: (method: string, path: string) => BmcFault | undefined; tls?: { key: string; cert: string } } = {},
): Promise<RedfishBmc> {
  const resolve = typeof machine === 'function' ? machine : () => machine;
  const first = resolve();
  if (!first) throw new Error('startRedfishBmc needs a machine');
  const sessions = new Map<string, Session>();
  const listener: RequestListener = (req, res) => {
    readBody(req)
      .then(async (body) => {
        const fault = options.fault?.(req.method ?? 'GET', (req.url ?? '/').split('?')[0]!);
        if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
        if (fault?.reset) return void req.socket.destroy();
        if (fault?.status) return send(res, fault.status, error(fault.message ?? `Simulated fault: ${fault.status}`));
        const m = resolve();
        if (!m) return send(res, 503, error('The BMC is not responding'));
        handle(m, sessions, req, body, res);
      })
      .catch(() => send(res, 400, error('Malformed request body')));
  };
  const server: Server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    systemPath: `/redfish/v1/Systems/${first.id}`,
    get machine() {
      return resolve() ?? first;
    },
    get openSessions() {
      return sessions.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const SESSIONS = '/redfish/v1/SessionService/Sessions';

function handle(m: BareMetalMachine, sessions: Map<string, Session>, req: IncomingMessage, raw: string, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  if (path === '/redfish/v1' && method === 'GET') return send(res, 200, root());
  if (path === '/redfish') return send(res, 200, { v1: '/redfish/v1/' });
  // The login itself needs no authentication (DSP0266).
  if (path === SESSIONS && method === 'POST') return login(m, sessions, raw, res);
  const token = req.headers['x-auth-token'];
  const session = typeof token === 'string' ? sessions.get(token) : undefined;
  if (!session && !authorized(m, req.headers.authorization)) {
    res.setHeader('www-authenticate', 'Basic realm="Redfish"');
    return send(res, 401, error('Authentication is required to access this resource'));
  }
  if (path === '/redfish/v1/SessionService' && method === 'GET') {
    return send(res, 200, { '@odata.id': '/redfish/v1/SessionService', '@odata.type': '#SessionService.v1_1_8.SessionService', Id: 'SessionService', Name: 'Session Service', ServiceEnabled: true, SessionTimeout: 1800, Sessions: { '@odata.id': SESSIONS } });
  }
  if (path === SESSIONS && method === 'GET') {
    const members = [...sessions.values()].map((x) => ({ '@odata.id': `${SESSIONS}/${x.id}` }));
    return send(res, 200, { '@odata.id': SESSIONS, '@odata.type': '#SessionCollection.SessionCollection', Name: 'Session Collection', 'Members@odata.count': members.length, Members: members });
  }
  if (path.startsWith(`${SESSIONS}/`)) {
    const id = path.slice(SESSIONS.length + 1);
    const entry = [...sessions.entries()].find(([, x]) => x.id === id);
    if (!entry) return send(res, 404, error(`Resource ${path} not found`));
    if (method === 'GET') return send(res, 200, sessionBody(entry[1]));
    if (method === 'DELETE') {
      sessions.delete(entry[0]);
      res.statusCode = 204;
      return void res.end();
    }
    return send(res, 405, error(`Method ${method} not allowed`));
  }
  const system = `/redfish/v1/Systems/${m.id}`;
  if (path === '/redfish/v1/Systems' && method === 'GET') {
    return send(res, 200, {
      '@odata.type': '#ComputerSystemCollection.ComputerSystemCollection',
      '@odata.id': '/redfish/v1/Systems',
      Name: 'Computer System Collection',
      'Members@odata.count': 1,
      Members: [{ '@odata.id': system }],
    });
  }
  if (path === system && method === 'GET') return sendSystem(res, 200, m);
  if (path === system && method === 'PATCH') {
    const ifMatch = req.headers['if-match'];
    if (ifMatch && ifMatch !== '*' && ifMatch !== `W/"${m.etag}"`) return send(res, 412, error('The ETag supplied did not match the current ETag of the resource'));
    const body = parse(raw);
    const boot = body?.Boot;
    if (!body || typeof boot !== 'object' || boot === null) return send(res, 400, error('The request body must contain a Boot object'));
    const problem = applyBootPatch(m, boot as Record<string, unknown>);
    if (problem) return send(res, 400, error(problem));
    return sendSystem(res, 200, m);
  }
  if (path === `${system}/Actions/ComputerSystem.Reset` && method === 'POST') {
    const type = parse(raw)?.ResetType;
    if (typeof type !== 'string' || !(RESET_TYPES as readonly string[]).includes(type)) {
      return send(res, 400, error(`The value ${JSON.stringify(type)} for the parameter ResetType is not in the list of acceptable values.`));
    }
    const problem = applyReset(m, type as ResetType);
    if (problem) return send(res, 409, error(problem));
    res.statusCode = 204;
    return void res.end();
  }
  if (path.startsWith('/redfish/v1/')) {
    const known = path === system || path === '/redfish/v1/Systems' || path === `${system}/Actions/ComputerSystem.Reset`;
    return send(res, known ? 405 : 404, error(known ? `Method ${method} not allowed` : `Resource ${path} not found`));
  }
  send(res, 404, error(`Resource ${path} not found`));
}

/** POST …/Sessions: 201 with the token in X-Auth-Token; the body never carries the password. */
function login(m: BareMetalMachine, sessions: Map<string, Session>, raw: string, res: ServerResponse): void {
  const body = parse(raw);
  if (typeof body?.UserName !== 'string' || typeof body.Password !== 'string') {
    return send(res, 400, error('The request body must contain UserName and Password'));
  }
  if (body.UserName !== m.username || body.Password !== m.password) return send(res, 401, error('Invalid username or password'));
  const session: Session = { id: randomUUID(), username: body.UserName };
  const token = randomBytes(24).toString('hex');
  sessions.set(token, session);
  res.setHeader('x-auth-token', token);
  res.setHeader('location', `${SESSIONS}/${session.id}`);
  send(res, 201, sessionBody(session));
}

function sessionBody(x: Session): Record<string, unknown> {
  return { '@odata.id': `${SESSIONS}/${x.id}`, '@odata.type': '#Session.v1_0_0.Session', Id: x.id, Name: 'User Session', UserName: x.username, Password: null };
}

function authorized(m: BareMetalMachine, header: string | undefined): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  return sep > 0 && decoded.slice(0, sep) === m.username && decoded.slice(sep + 1) === m.password;
}

function root(): Record<string, unknown> {
  return {
    '@odata.type': '#ServiceRoot.v1_5_0.ServiceRoot',
    '@odata.id': '/redfish/v1/',
    Id: 'RootService',
    Name: 'Root Service',
    RedfishVersion: '1.5.0',
    UUID: '85775665-c110-4b85-8989-e6162170b3ec',
    Systems: { '@odata.id': '/redfish/v1/Systems' },
    SessionService: { '@odata.id': '/redfish/v1/SessionService' },
    Links: { Sessions: { '@odata.id': SESSIONS } },
  };
}

function error(message: string): Record<string, unknown> {
  return {
    error: {
      code: 'Base.1.0.GeneralError',
      message,
      '@Message.ExtendedInfo': [{ '@odata.type': '/redfish/v1/$metadata#Message.1.0.0.Message', MessageId: 'Base.1.0.GeneralError' }],
    },
  };
}

function sendSystem(res: ServerResponse, status: number, m: BareMetalMachine): void {
  res.setHeader('etag', `W/"${m.etag}"`);
  send(res, status, systemBody(m));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'odata-version': '4.0' });
  res.end(text);
}

function parse(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * One service's HTTP listener on 127.0.0.1:0. Per request, in this order: request id, time-based
 * progressions, route match (404/405), injected faults, token check (401/403), microversion
 * negotiation (406), JSON body parsing (400), the handler, and rendering of ApiErrors in the
 * service's own error format. Every response carries x-openstack-request-id.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiError, computeErrors, keystoneErrors, type ErrorFormat } from './errors.js';
import { microversionHeaders, negotiateMicroversion } from './microversion.js';
import { RouteTable, type Method, type Reply, type RequestContext } from './router.js';
import type { ServiceModule } from './service.js';
import type { SimCloud } from './cloud.js';

export interface Listener {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

export async function listenService(cloud: SimCloud, module: ServiceModule): Promise<Listener> {
  const table = new RouteTable();
  module.routes?.(table);
  const format = module.errors ?? computeErrors;
  let origin = '';
  const server = createServer((req, res) => {
    handle(cloud, module, table, format, origin, req, res).catch((err: unknown) => {
      // Only reached if writing the response itself failed; the socket is gone or unusable.
      if (!res.headersSent) res.writeHead(500).end(String(err));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  cloud: SimCloud,
  module: ServiceModule,
  table: RouteTable,
  format: ErrorFormat,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = cloud.ids.requestId();
  const responseHeaders: Record<string, string> = { 'x-openstack-request-id': requestId };
  const method = (req.method ?? 'GET').toUpperCase() as Method;
  // Split by hand: new URL() per request is a measurable share of a simple GET.
  const raw = req.url ?? '/';
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  const query = new URLSearchParams(at < 0 ? '' : raw.slice(at + 1));
  let rawBody = false;
  try {
    cloud.progression.tick();
    const { match, allowed } = table.match(method, path);
    const fault = cloud.faults.take(module.name, method, match?.route.template ?? path, path);
    if (fault?.latencyMs) await delay(fault.latencyMs);
    if (fault?.reset) {
      req.socket.destroy();
      return;
    }
    if (fault?.status) throw new ApiError(fault.status, fault.message ?? `Simulated fault: ${fault.status}`);
    if (!match) {
      if (allowed.length > 0) throw new ApiError(405, `The method ${method} is not allowed for this resource.`, { headers: { allow: allowed.join(', ') }, noRoute: 'method' });
      throw new ApiError(404, 'The resource could not be found.', { noRoute: 'path' });
    }
    const { route, params } = match;
    rawBody = route.options.rawBody === true;
    const ctx: RequestContext = {
      cloud,
      service: module.name,
      method,
      route: route.template,
      path,
      params,
      query,
      headers: req.headers,
      body: undefined,
      auth: undefined,
      microversion: undefined,
      requestId,
      origin,
      responseHeaders,
      req,
    };
    const auth = route.options.auth ?? 'token';
    if (auth !== 'none') {
      const token = req.headers['x-auth-token'];
      ctx.auth = cloud.tokens.validate(typeof token === 'string' ? token : undefined);
      if (!ctx.auth) throw new Unauthorized();
      if (auth === 'admin' && !ctx.auth.roles.includes('admin')) {
        throw new ApiError(403, `Policy doesn't allow ${module.name}:${method} ${route.template} to be performed.`);
      }
    }
    if (module.microversions && !route.options.unversioned) {
      ctx.microversion = negotiateMicroversion(req.headers, module.microversions);
      Object.assign(responseHeaders, microversionHeaders(ctx.microversion, module.microversions));
    }
    if (!rawBody) ctx.body = await readJson(req);
    const reply = await route.handler(ctx);
    await send(res, method, reply, responseHeaders);
  } catch (err) {
    if (rawBody || !req.readableEnded) req.resume();
    if (!(err instanceof ApiError)) cloud.internalErrors.push(err);
    const apiError = err instanceof ApiError ? err : new ApiError(500, `Simulator internal error: ${err instanceof Error ? err.message : String(err)}`);
    const rendered = (err instanceof Unauthorized ? (module.authErrors ?? keystoneErrors) : format)(apiError, requestId, req.headers.accept);
    const headers = { ...responseHeaders, ...apiError.options.headers };
    if (err instanceof Unauthorized) headers['www-authenticate'] = `Keystone uri="${cloud.endpoint('identity')}"`;
    await send(res, method, { status: apiError.status, body: Buffer.from(rendered.body), contentType: rendered.contentType }, headers);
  }
}

/** The keystonemiddleware 401, which every service returns in Keystone's format. */
class Unauthorized extends ApiError {
  constructor() {
    super(401, 'The request you have made requires authentication.', { type: 'Unauthorized' });
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  // Most requests (GET, DELETE) have no body: skip the stream machinery for them.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return undefined;
  if (req.headers['content-length'] === '0') return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Malformed request body: the body is not valid JSON.');
  }
}

async function send(res: ServerResponse, method: Method, reply: Reply, extra: Record<string, string>): Promise<void> {
  const headers: Record<string, string> = { ...extra, ...reply.headers };
  const { body } = reply;
  if (body instanceof Readable) {
    headers['content-type'] ??= reply.contentType ?? 'application/octet-stream';
    res.writeHead(reply.status, headers);
    if (method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      body.on('error', (e) => {
        res.destroy(e);
        reject(e);
      });
      res.on('close', resolve);
      body.pipe(res);
    });
    return;
  }
  let payload: Buffer | undefined;
  if (body === undefined || reply.status === 204 || reply.status === 304) payload = undefined;
  else if (Buffer.isBuffer(body)) payload = body;
  else if (typeof body === 'string') payload = Buffer.from(body);
  else payload = Buffer.from(JSON.stringify(body));
  if (payload) {
    const fallback = Buffer.isBuffer(body) ? 'application/octet-stream' : typeof body === 'string' ? 'text/plain; charset=UTF-8' : 'application/json';
    headers['content-type'] ??= reply.contentType ?? fallback;
  }
  headers['content-length'] = String(payload?.length ?? 0);
  if (reply.status === 204) delete headers['content-length'];
  res.writeHead(reply.status, headers);
  res.end(method === 'HEAD' ? undefined : payload);
}

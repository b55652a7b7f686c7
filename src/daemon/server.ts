/**
 * The daemon's HTTP surface, a thin router: POST /hooks/git (signed webhook = check the branch
 * now), GET /healthz (liveness), GET /status (JSON), GET /metrics (when given), and with `web`
 * the board page and its API (src/web/: /, /api/status, /api/events, /api/workloads/NAME,
 * /api/nodes/HOST, /api/stream). Everything but the webhook is read-only: any other method needs
 * the operator token (src/web/operatorAuth.ts). Bodies are capped, answers are JSON.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import type { EventStore } from '../events/store.js';
import { createWebApi } from '../web/api.js';
import type { BoardProjection } from '../web/boardProjection.js';
import { hostAllowed } from '../web/hostCheck.js';
import { checkOperator } from '../web/operatorAuth.js';
import { sendError, sendJson } from '../web/respond.js';
import { streamEvents } from '../web/sse.js';
import { servePage } from '../web/staticPage.js';
import { verifyWebhookSignature, type WebhookProvider } from './webhook.js';

export interface DaemonServerOptions {
  host: string;
  port: number;
  /** Shared webhook secret; without one, /hooks/git answers 403. */
  webhookSecret?: Uint8Array;
  onWebhook: (hook: { provider: WebhookProvider; event: string | undefined }) => void;
  status: () => unknown | Promise<unknown>;
  log?: (line: string) => void;
  maxBodyBytes?: number;
  /** The board page and its API; without it only the paths above answer. */
  web?: { store: EventStore; board: BoardProjection };
  /** Bearer token for anything but GET/HEAD (and the webhook); without one the API is read-only. */
  operatorToken?: Uint8Array;
  /** The Prometheus exposition for GET /metrics; without it /metrics is 404. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

export interface DaemonServer {
  url: string;
  close(): Promise<void>;
}

/** `127.0.0.1:8080`, `[::1]:8080`, `:8080` (loopback) or `8080`. */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*))?:?(\d+)$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--listen ${text} is not an address`, 'write it as HOST:PORT, e.g. 127.0.0.1:8080');
  }
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}

const send = (res: ServerResponse, status: number, body: unknown) => sendJson(res, status, body);

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function startDaemonServer(options: DaemonServerOptions): Promise<DaemonServer> {
  const log = options.log ?? (() => undefined);
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const api = options.web ? createWebApi({ ...options.web, status: options.status }) : undefined;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://daemon');
    const path = url.pathname;
    if (path === '/hooks/git') {
      if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
      const body = await readBody(req, limit);
      if (!body) return send(res, 413, { error: `body larger than ${limit} bytes` });
      if (!options.webhookSecret) return send(res, 403, { error: 'webhooks are off: start the daemon with --webhook-secret-file' });
      const verdict = verifyWebhookSignature(body, req.headers, options.webhookSecret);
      if (!verdict.ok) {
        log(`webhook refused from ${req.socket.remoteAddress ?? '?'}: ${verdict.reason}`);
        return send(res, 401, { error: 'bad signature' });
      }
      options.onWebhook({ provider: verdict.provider, event: verdict.event });
      return send(res, 202, { accepted: true });
    }
    if (!hostAllowed(req, options.host)) {
      return sendError(res, 421, `this daemon listens on ${options.host} and answers only requests addressed to loopback, not to ${req.headers.host}`,
        'open it as http://127.0.0.1:PORT or http://localhost:PORT; a reverse proxy must send Host: 127.0.0.1, or listen on a non-loopback address');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const verdict = checkOperator(req, options.operatorToken);
      if (!verdict.ok) return sendError(res, verdict.status, verdict.error, verdict.hint, verdict.status === 401 ? { 'www-authenticate': 'Bearer' } : { allow: 'GET, HEAD' });
      // No operator action exists yet: an authenticated request still finds nothing to change.
      return sendError(res, 404, `no operator action at ${req.method} ${path}`, 'the API offers no operator actions yet');
    }
    if (path === '/healthz') return send(res, 200, { ok: true });
    if (path === '/status') return send(res, 200, await options.status());
    if (path === '/metrics' && options.metrics) {
      const { contentType, body } = await options.metrics();
      res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' }).end(body);
      return;
    }
    if (options.web && api) {
      if (path === '/api/stream') return streamEvents(req, res, url, options.web);
      if (await api(req, res, url)) return;
      if (await servePage(req, res, path)) return;
    }
    const paths = ['/healthz', '/status', 'POST /hooks/git', ...(options.metrics ? ['/metrics'] : []),
      ...(options.web ? ['/', '/api/status', '/api/events?after=N', '/api/workloads/NAME', '/api/volumes/NAME', '/api/nodes/HOST', '/api/stream'] : [])];
    return send(res, 404, { error: 'not found', paths });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`HTTP ${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => done());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

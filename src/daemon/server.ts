/**
 * The daemon's small HTTP surface: POST /hooks/git (signed webhook = check the branch now),
 * GET /healthz (liveness) and GET /status (JSON). Bodies are capped, answers are JSON.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
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

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

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
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://daemon').pathname;
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
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'use GET' });
    if (path === '/healthz') return send(res, 200, { ok: true });
    if (path === '/status') return send(res, 200, await options.status());
    return send(res, 404, { error: 'not found', paths: ['/healthz', '/status', 'POST /hooks/git'] });
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

/** Writing answers: JSON with its length, and the one shape every error takes ({ error, hint? }). */
import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers }).end(text);
}

export function sendError(res: ServerResponse, status: number, error: string, hint?: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, hint ? { error, hint } : { error }, headers);
}

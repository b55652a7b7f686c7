/**
 * DNS rebinding guard: a daemon listening on loopback answers only requests addressed to
 * loopback. Otherwise a web page from anywhere could rebind its own name to 127.0.0.1 and read
 * the API (the estate's servers, volumes and history) through the operator's browser. The signed
 * webhook is exempt (a tunnel may forward it with its own Host, and its HMAC protects it); a
 * daemon listening on another address is reached by names this check cannot know.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The Host header's name without the port (`[::1]:8080` → `[::1]`). */
function hostName(header: string): string {
  const bracketed = /^(\[[^\]]+\])(?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return header.replace(/:\d+$/, '').toLowerCase();
}

/** True when the request may be answered; `listenHost` is the address the server is bound to. */
export function hostAllowed(req: IncomingMessage, listenHost: string): boolean {
  if (!isLoopbackAddress(listenHost)) return true;
  const header = req.headers.host;
  if (!header) return true; // HTTP/1.0 clients and raw probes send none; browsers always do
  const name = hostName(header);
  return isLoopbackAddress(name) || name.endsWith('.localhost');
}

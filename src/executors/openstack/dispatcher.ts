/**
 * The HTTP dispatcher for one cloud: keep-alive connections and that cloud's CA, client
 * certificate and verification setting. The single definition of those settings, used by
 * src/wiring.ts and by a client built without one (tests, scripts).
 */
import { Agent, type Dispatcher } from 'undici';
import type { CloudTls } from './types.js';

export function cloudDispatcher(tls: CloudTls = { verify: true }): Dispatcher {
  return new Agent({
    keepAliveTimeout: 30_000,
    connections: 32,
    connect: { rejectUnauthorized: tls.verify, ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert } : {}), ...(tls.key ? { key: tls.key } : {}) },
  });
}

/**
 * The composition root: the only module that builds real clocks, output streams, HTTP
 * dispatchers, SSH connections and file-system handles. Commands ask it for ports.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock, Output } from './ports.js';
import { Agent, type Dispatcher } from 'undici';
import type { CloudTls } from './executors/openstack/types.js';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, signal ? { signal } : undefined);
  },
};

export function processOutput(): Output {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    interactive: Boolean(process.stderr.isTTY),
  };
}

/** The HTTP dispatcher for one cloud: keep-alive connections, that cloud's CA / client cert / verify. */
export function openStackDispatcher(tls: CloudTls = { verify: true }): Dispatcher {
  return new Agent({
    keepAliveTimeout: 30_000,
    connections: 32,
    connect: { rejectUnauthorized: tls.verify, ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert } : {}), ...(tls.key ? { key: tls.key } : {}) },
  });
}

/**
 * The conversion hosts a stackshift.yaml names, run in-process for the simulated clouds: one
 * ssh2 server per host (a host named in several pairs is started once), on the address and port
 * the pair gives, presenting the host key derived from its server name (hostKeys.ts), accepting
 * the operator's client key, and running commands with the local shell — where the simulated
 * cloud shows the volumes attached to that server as device files (`devicesDir`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Document } from 'yaml';
import type { ConversionHostPair } from '../../desired/model.js';
import { simulatedHostKey } from './hostKeys.js';
import { startConversionHost, type ConversionHostServer } from './sshServer.js';

export interface SimulatedHost {
  /** `address:port` as the pair names it. */
  named: string;
  server: string;
  side: 'source' | 'destination';
  address: string;
  port: number;
  hostKey: string;
  /** Where this host's attached volumes appear (set it as the side's devicesDir). */
  devicesDir: string;
}

export interface ConversionHostFleet {
  hosts: SimulatedHost[];
  /** Drops every SSH connection of every host (faults: a dropped link, an sshd restart). */
  dropConnections(): void;
  stop(): Promise<void>;
}

export async function startConversionHostFleet(options: {
  pairs: Pick<ConversionHostPair, 'name' | 'source' | 'destination'>[];
  /** Public key line of the client key stackshift connects with (authorized on every host). */
  authorizedKey: string;
  /** Device directory per cloud side (the simulated cloud's conversion-device root). */
  devicesDir: { source: string; destination: string };
  /** Where the hosts' home directories go. */
  workDir: string;
  /** Listen on free ports instead of the ones the pairs name (then rewrite them: `hosts` has the real ones). */
  anyPort?: boolean;
}): Promise<ConversionHostFleet> {
  const started = new Map<string, { server: ConversionHostServer; host: SimulatedHost }>();
  try {
    for (const pair of options.pairs) {
      for (const side of ['source', 'destination'] as const) {
        const h = pair[side];
        const key = `${h.address}:${h.port}`;
        if (started.has(key)) continue;
        const hostKey = simulatedHostKey(h.server);
        if (h.hostKey.split(/\s+/).slice(0, 2).join(' ') !== hostKey.public) {
          throw new Error(`conversion-host pair ${pair.name}: the ${side} host ${h.server} pins a host key the simulated host does not have; pin '${hostKey.public}'`);
        }
        const home = join(options.workDir, `${side}-${h.server}`);
        mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
        writeFileSync(join(home, '.ssh', 'authorized_keys'), `${options.authorizedKey.trim()}\n`, { mode: 0o600 });
        mkdirSync(options.devicesDir[side], { recursive: true });
        const server = await startConversionHost({ home, address: h.address, port: options.anyPort ? 0 : h.port, hostKey });
        started.set(key, { server, host: { named: key, server: h.server, side, address: server.address, port: server.port, hostKey: hostKey.public, devicesDir: options.devicesDir[side] } });
      }
    }
  } catch (err) {
    await Promise.all([...started.values()].map((s) => s.server.stop()));
    throw err;
  }
  return {
    hosts: [...started.values()].map((s) => s.host),
    dropConnections: () => {
      for (const s of started.values()) s.server.dropConnections();
    },
    stop: async () => void (await Promise.all([...started.values()].map((s) => s.server.stop()))),
  };
}

type Pair = Pick<ConversionHostPair, 'name' | 'source' | 'destination'>;

/** The pairs with each side's port defaulted to 22, as stackshift's own loader reads them. */
export function withDefaultPorts<P extends Pair>(pairs: P[]): P[] {
  return pairs.map((p) => ({ ...p, source: { ...p.source, port: p.source.port ?? 22 }, destination: { ...p.destination, port: p.destination.port ?? 22 } }));
}

/**
 * Points a stackshift.yaml document's pairs at a running fleet: each side's port (the one it
 * listens on), the client key and the simulated cloud's device directory for that side.
 */
export function pointPairsAtFleet(doc: Document, pairs: Pair[], fleet: ConversionHostFleet, keyPath: string, devicesDir: { source: string; destination: string }): void {
  pairs.forEach((pair, i) => {
    for (const side of ['source', 'destination'] as const) {
      const running = fleet.hosts.find((h) => h.named === `${pair[side].address}:${pair[side].port}`)!;
      doc.setIn(['conversionHosts', i, side, 'port'], running.port);
      doc.setIn(['conversionHosts', i, side, 'privateKeyPath'], keyPath);
      doc.setIn(['conversionHosts', i, side, 'devicesDir'], devicesDir[side]);
    }
  });
}

/**
 * The composition root: the one module that builds real clocks, output streams, HTTP
 * dispatchers, OpenStack clients and event stores (and, as they arrive, SSH connections and BMC
 * sessions). Commands and the daemon ask it for ports; everything else receives them. Heavy
 * stacks (undici, the client) are imported inside the factories, so `stackshift --help` loads none.
 */
import type { CloudNames, CloudOpener, CloudPorts, CloudSet, Clock, ConversionHostShells, Output } from './ports.js';
import { systemClock } from './systemClock.js';
import { codes, StackshiftError } from './errors.js';
import type { ApiCall, OpenStackClient } from './executors/openstack/clientTypes.js';
import type { FileEventStore, FileEventStoreOptions } from './events/fileStore.js';
import { hookRunner, hooksDir } from './executors/hooks/hookRunner.js';
import type { NodeHardware } from './workflows/node/steps/context.js';

export { systemClock };

export function processOutput(): Output {
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    interactive: Boolean(process.stderr.isTTY),
  };
}

export interface CloudOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** HTTP debug lines (redacted by the client), e.g. when STACKSHIFT_DEBUG is set. */
  log?: (line: string) => void;
  /** Told when an admin entry named in stackshift.yaml cannot be opened (the rest goes on without it). */
  warn?: (line: string) => void;
  /** Told of every HTTP attempt to a cloud (the daemon's metrics). */
  onApiCall?: (call: ApiCall) => void;
}

/**
 * One cloud by its clouds.yaml entry (undefined: OS_CLOUD). The client owns a keep-alive
 * dispatcher with that cloud's TLS settings (executors/openstack/dispatcher.ts) and closes it.
 */
export async function openCloud(name: string | undefined, options: CloudOptions = {}): Promise<OpenStackClient> {
  const [{ loadCloudConfig }, { createOpenStackClient }] = await Promise.all([import('./executors/openstack/cloudConfig.js'), import('./executors/openstack/client.js')]);
  const config = await loadCloudConfig(name, options.env ? { env: options.env } : {});
  for (const warning of config.warnings) options.warn?.(`${config.name}: ${warning}`);
  return createOpenStackClient(config, { clock: options.clock ?? systemClock, ...(options.log ? { log: options.log } : {}), ...(options.onApiCall ? { onCall: options.onApiCall } : {}) });
}

async function openAdmin(name: string | undefined, options: CloudOptions): Promise<OpenStackClient | undefined> {
  if (!name) return undefined;
  try {
    return await openCloud(name, options);
  } catch (err) {
    options.warn?.(`admin cloud '${name}' cannot be opened (${err instanceof Error ? err.message : String(err)}); going on without it: steps that need it will fail and say so`);
    return undefined;
  }
}

/** The clouds stackshift.yaml names, opened together and closed together. */
export async function openClouds(names: CloudNames, options: CloudOptions = {}): Promise<CloudPorts> {
  const source = await openCloud(names.source.cloud, options);
  const destination = await openCloud(names.destination.cloud, options).catch(async (err: unknown) => {
    await source.close();
    throw err;
  });
  // One admin entry for both sides (one cloud, two projects) is one client: one Keystone token.
  const sameAdmin = names.source.adminCloud !== undefined && names.source.adminCloud === names.destination.adminCloud;
  const [sourceAdmin, destinationAdmin] = sameAdmin
    ? await openAdmin(names.source.adminCloud, options).then((admin) => [admin, admin] as const)
    : await Promise.all([openAdmin(names.source.adminCloud, options), openAdmin(names.destination.adminCloud, options)]);
  const set: CloudSet = { source, destination, ...(sourceAdmin ? { sourceAdmin } : {}), ...(destinationAdmin ? { destinationAdmin } : {}) };
  // The clients every plan reads with get their tokens now, all at once: a Keystone token takes
  // 0.5–2 s, and a client first used late in the observation (the admin's flavor and gateway
  // reads) would add its wait to the pass. The source admin (workloads, nodes) waits for its first
  // use. A failure here is forgotten; the first real call authenticates again and reports it.
  for (const client of [source, destination, destinationAdmin]) void client?.projectId().catch(() => undefined);
  const clients = new Set([source, destination, sourceAdmin, destinationAdmin].filter((c) => c !== undefined));
  return { ...set, close: async () => void (await Promise.all([...clients].map((c) => c.close()))) };
}

/**
 * For the daemon: clouds per set of names, kept across passes so Keystone sessions and
 * connections are reused; a commit that names other clouds gets new ones.
 */
export function cloudCache(options: CloudOptions = {}): { open: CloudOpener; close(): Promise<void> } {
  const byNames = new Map<string, Promise<CloudPorts>>();
  return {
    open(names) {
      const key = JSON.stringify([names.source.cloud, names.source.adminCloud ?? '', names.destination.cloud, names.destination.adminCloud ?? '']);
      let clouds = byNames.get(key);
      if (!clouds) {
        clouds = openClouds(names, options);
        byNames.set(key, clouds);
        clouds.catch(() => byNames.delete(key)); // a failed open is tried again on the next pass
      }
      return clouds;
    },
    async close() {
      const all = [...byNames.values()];
      byNames.clear();
      await Promise.all(all.map(async (c) => (await c.catch(() => undefined))?.close()));
    },
  };
}

/** The event log in a state directory, on the real clock. */
export async function openEventStore(stateDir: string, options: Omit<FileEventStoreOptions, 'clock'> = {}): Promise<FileEventStore> {
  const { openFileEventStore } = await import('./events/fileStore.js');
  return openFileEventStore(stateDir, { ...options, clock: systemClock });
}

/**
 * SSH to conversion hosts with ssh2: the private key is read from `privateKeyPath` (a leading ~ is
 * the user's home) each time a session opens, so a rotated key is used at once and none is kept.
 */
export function conversionHostShells(): ConversionHostShells {
  return {
    async open(host, signal) {
      const [{ readFile }, { homedir }, { connectShell }] = await Promise.all([import('node:fs/promises'), import('node:os'), import('./ssh/remoteShell.js')]);
      const path = host.privateKeyPath.replace(/^~(?=$|\/)/, homedir());
      const privateKey = await readFile(path).catch((err: NodeJS.ErrnoException) => {
        throw new StackshiftError(codes.CONNECTION, `cannot read the SSH private key for ${host.user}@${host.address} at ${path}: ${err.code ?? err.message}`, {
          retry: 'never', hint: 'put the key there (privateKeyPath in stackshift.yaml) and make it readable by stackshift',
        });
      });
      return connectShell({ address: host.address, port: host.port, user: host.user, hostKey: host.hostKey, privateKey }, signal ? { signal } : {});
    },
  };
}

/**
 * The hardware side of node reclaim: BMCs through the real ipmitool or Redfish over HTTPS (the
 * password read from its file or variable at each use, never kept), and the scale-out hooks
 * installed in the hooks directory. BMC clients load lazily: commands that reclaim nothing never load them.
 */
export function nodeHardware(options: { stateDir: string; warn?: (line: string) => void; env?: NodeJS.ProcessEnv }): NodeHardware {
  return {
    bmcs: {
      async open(host, bmc) {
        return (await import('./executors/bmc/index.js')).openBmc(host, bmc, { ...(options.warn ? { warn: options.warn } : {}), ...(options.env ? { env: options.env } : {}) });
      },
      async password(host, bmc) {
        return (await import('./executors/bmc/password.js')).readBmcPassword(host, bmc, options.env ?? process.env);
      },
    },
    hooks: hookRunner({ dir: hooksDir(options.stateDir, options.env), ...(options.env ? { env: options.env } : {}) }),
  };
}

/**
 * OpenStack clients for the clouds a commit names in stackshift.yaml (`source.cloud`,
 * `destination.cloud`: entries of the operator's clouds.yaml). Clients are kept per pair of
 * names, so passes reuse Keystone sessions and connections; a commit naming other clouds gets
 * new ones. A commit whose stackshift.yaml cannot be read still gets a pass (which rejects it
 * with file and line): it reuses the last clients, or ones that refuse every call.
 */
import { parse } from 'yaml';
import { codes, StackshiftError } from '../errors.js';
import { createOpenStackClient, type OpenStackClient } from '../executors/openstack/client.js';
import { loadCloudConfig } from '../executors/openstack/cloudConfig.js';
import type { Clock } from '../ports.js';
import type { RepoReader } from '../source/repoReader.js';

export interface CloudClients {
  source: OpenStackClient;
  destination: OpenStackClient;
  /** The destination's admin entry (`destination.adminCloud`), for public flavors. */
  destinationAdmin?: OpenStackClient;
}

export interface CloudClientCache {
  forCommit(reader: RepoReader): Promise<CloudClients>;
  close(): Promise<void>;
}

interface CloudNames {
  source: string;
  destination: string;
  destinationAdmin?: string;
}

async function cloudNames(reader: RepoReader): Promise<CloudNames | undefined> {
  try {
    const doc = parse(Buffer.from(await reader.read('stackshift.yaml')).toString('utf8')) as
      { source?: { cloud?: unknown }; destination?: { cloud?: unknown; adminCloud?: unknown } } | null;
    const source = doc?.source?.cloud;
    const destination = doc?.destination?.cloud;
    const admin = doc?.destination?.adminCloud;
    if (typeof source !== 'string' || typeof destination !== 'string') return undefined;
    return { source, destination, ...(typeof admin === 'string' ? { destinationAdmin: admin } : {}) };
  } catch {
    return undefined;
  }
}

function refusingClient(label: string): OpenStackClient {
  const refuse = (): never => {
    throw new StackshiftError(codes.CLOUD_CONFIG, `${label}: stackshift.yaml names no source and destination cloud`, {
      hint: 'set source.cloud and destination.cloud to entries of your clouds.yaml',
    });
  };
  // Every call refuses, whatever the client interface grows; close() and the name still work.
  return new Proxy({} as OpenStackClient, {
    get: (_target, property) => (property === 'cloudName' ? '(none)' : property === 'close' ? async () => undefined : property === 'then' ? undefined : refuse),
  });
}

export function cloudClientCache(options: { clock: Clock; env?: NodeJS.ProcessEnv; log?: (line: string) => void }): CloudClientCache {
  const byNames = new Map<string, CloudClients>();
  let last: CloudClients | undefined;
  const open = async (name: string) => {
    const config = await loadCloudConfig(name, options.env ? { env: options.env } : {});
    return createOpenStackClient(config, { clock: options.clock, ...(options.log ? { log: options.log } : {}) });
  };
  return {
    async forCommit(reader) {
      const names = await cloudNames(reader);
      if (!names) return last ?? { source: refusingClient(reader.label), destination: refusingClient(reader.label) };
      const key = `${names.source}\n${names.destination}\n${names.destinationAdmin ?? ''}`;
      let clients = byNames.get(key);
      if (!clients) {
        clients = {
          source: await open(names.source), destination: await open(names.destination),
          ...(names.destinationAdmin ? { destinationAdmin: await open(names.destinationAdmin) } : {}),
        };
        byNames.set(key, clients);
      }
      last = clients;
      return clients;
    },
    async close() {
      for (const clients of byNames.values()) {
        await Promise.all([clients.source.close(), clients.destination.close(), clients.destinationAdmin?.close()]);
      }
      byNames.clear();
    },
  };
}

/**
 * Test harness for apply: the simulator, clients whose requests are counted (writes = anything
 * but GET, token requests excluded), a memory event store, and a desired-state repository in a
 * temp directory that tests rewrite between passes. Not a test file itself.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type Dispatcher } from 'undici';
import { stringify } from 'yaml';
import { createMemoryEventStore } from '../../src/events/memoryStore.js';
import type { EventStore, StoredEvent } from '../../src/events/store.js';
import { loadCloudConfig } from '../../src/executors/openstack/cloudConfig.js';
import { createOpenStackClient, type OpenStackClient } from '../../src/executors/openstack/client.js';
import type { ReconcileDeps } from '../../src/reconcile/pass.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { dirReader } from '../../src/source/dirReader.js';
import type { RepoReader } from '../../src/source/repoReader.js';
import { systemClock } from '../../src/wiring.js';
import type { Output } from '../../src/ports.js';

export class CountingAgent extends Agent {
  writes: string[] = [];
  requests = 0;
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.requests++;
    if (options.method !== 'GET' && !String(options.path).includes('/auth/tokens')) this.writes.push(`${options.method} ${String(options.path)}`);
    return super.dispatch(options, handler);
  }
  reset(): void {
    this.writes = [];
    this.requests = 0;
  }
}

export interface Harness {
  sim: Simulator;
  agent: CountingAgent;
  store: EventStore;
  deps: ReconcileDeps;
  dir: string;
  clients: { source: OpenStackClient; destination: OpenStackClient; destinationAdmin: OpenStackClient };
  /** Writes stackshift.yaml + snapshots/*.yml and returns a reader of them. */
  writeRepo(files: Record<string, unknown>): Promise<RepoReader>;
  events(): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const sim = await startSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-apply-'));
  await sim.writeCloudsYaml(join(dir, 'clouds.yaml'));
  const env = { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml') };
  const agent = new CountingAgent();
  const open = async (name: string) => createOpenStackClient(await loadCloudConfig(name, { env }), { dispatcher: agent, retry: { baseMs: 5, capMs: 20 } });
  const clients = { source: await open('src'), destination: await open('dst'), destinationAdmin: await open('dst-admin') };
  const store = createMemoryEventStore();
  const repo = join(dir, 'repo');
  return {
    sim, agent, store, dir, clients,
    deps: { store, clouds: async () => clients, clock: { now: () => Date.now(), sleep: (ms) => systemClock.sleep(Math.min(ms, 5)) }, concurrency: 4 },
    async writeRepo(files) {
      await rm(repo, { recursive: true, force: true });
      await mkdir(join(repo, 'snapshots'), { recursive: true });
      for (const [path, value] of Object.entries(files)) await writeFile(join(repo, path), typeof value === 'string' ? value : stringify(value));
      return dirReader(repo);
    },
    async events() {
      const out: StoredEvent[] = [];
      for await (const e of store.readAll()) out.push(e);
      return out;
    },
    async close() {
      await Promise.all(Object.values(clients).map((c) => c.close()));
      await agent.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Output collected in memory, for command tests. */
export function captureOutput(): Output & { text: () => string } {
  const lines: string[] = [];
  return { out: (t) => lines.push(t), err: (t) => lines.push(t), interactive: false, text: () => lines.join('\n') };
}

/**
 * A harness for command tests of one file: started before its tests, with OS_CLIENT_CONFIG_FILE
 * pointing at the simulator's clouds.yaml (commands find clouds as a user's shell would), closed after.
 */
export function harnessForCommands(hooks: { before: (fn: () => Promise<void>) => void; after: (fn: () => Promise<void>) => void }): () => Harness {
  let h: Harness | undefined;
  hooks.before(async () => {
    h = await startHarness();
    process.env.OS_CLIENT_CONFIG_FILE = join(h.dir, 'clouds.yaml');
  });
  hooks.after(async () => {
    await h?.close();
  });
  return () => {
    if (!h) throw new Error('the harness has not started');
    return h;
  };
}

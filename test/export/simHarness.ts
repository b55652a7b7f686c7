/**
 * Starts the simulator with a manual clock and hands out clients of its `src` cloud whose own
 * clock never really sleeps, so retries and Retry-After waits cost no wall time.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenStackClient, type OpenStackClient } from '../../src/executors/openstack/client.js';
import { loadCloudConfig } from '../../src/executors/openstack/cloudConfig.js';
import { createManualClock, startSimulator, type ManualClock, type Simulator } from '../../src/simulator/index.js';
import { tempDir } from '../fixtures/tempDir.js';

export interface Harness {
  sim: Simulator;
  simClock: ManualClock;
  dir: string;
  cloudsFile: string;
  client(name?: string, log?: (l: string) => void): Promise<OpenStackClient>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const simClock = createManualClock(Date.UTC(2026, 8, 14, 8, 12, 31));
  const sim = await startSimulator({ clock: simClock });
  const dir = await tempDir('ss-export-');
  const cloudsFile = join(dir, 'clouds.yaml');
  await sim.writeCloudsYaml(cloudsFile);
  const clients: OpenStackClient[] = [];
  return {
    sim, simClock, dir, cloudsFile,
    async client(name = 'src', log) {
      const cloud = await loadCloudConfig(name, { env: { OS_CLIENT_CONFIG_FILE: cloudsFile, HOME: dir }, cwd: dir, systemDir: dir });
      // The client's clock starts at the simulator's time and moves only by its own sleeps, so a
      // test that advances the simulator's clock expires tokens behind the client's back.
      let now = simClock.now();
      const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
      const c = createOpenStackClient(cloud, { clock, ...(log ? { log } : {}) });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
}

/**
 * startSimulator: two independent simulated OpenStack clouds (source and destination) in this
 * process, each service on its own loopback listener, found through its Keystone catalog.
 *
 *   const sim = await startSimulator();            // default scenario: example-repo/
 *   await sim.writeCloudsYaml('/tmp/clouds.yaml');  // entries src, dst, src-admin, dst-admin
 *   sim.cloud('source').faults.inject({ service: 'neutron', status: 503, times: 1 });
 *   await sim.close();
 */
import { writeFile } from 'node:fs/promises';
import { wallClock, type SimClock } from './core/clock.js';
import { SimCloud, type CloudName } from './core/cloud.js';
import { cloudEntries, renderCloudsYaml, type CloudEntry } from './core/cloudsYaml.js';
import { listenControl } from './core/control.js';
import type { ServiceModule } from './core/service.js';
import type { Scenario } from './scenario.js';
import { defaultScenario } from './scenarioDefault.js';
import { loadScenario } from './scenarioLoad.js';
import { services as registry } from './services.js';

export interface StartOptions {
  /** A Scenario, or the path of a scenario YAML file; default: the example-repo scenario. */
  scenario?: Scenario | string;
  clock?: SimClock;
  /** Id seed (overrides the scenario's); the destination uses seed + 1. */
  seed?: number;
  /** Root for conversion-host devices (each cloud gets <deviceRoot>/<cloud>). */
  deviceRoot?: string;
  /** Service modules to mount (default: the registry in services.ts). */
  services?: ServiceModule[];
  /** Also serve the control endpoint (core/control.ts) for tests in another process. */
  control?: boolean;
}

export interface Simulator {
  /** clouds.yaml text with entries src, dst, src-admin, dst-admin (contains passwords: never print it). */
  readonly cloudsYaml: string;
  /** The same entries as objects, for tests. */
  readonly entries: Record<string, CloudEntry>;
  writeCloudsYaml(path: string): Promise<void>;
  /** Base URL of the control endpoint when started with `control: true`. */
  readonly controlUrl: string | undefined;
  cloud(name: CloudName): SimCloud;
  /** Resets both clouds to their scenario. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startSimulator(options: StartOptions = {}): Promise<Simulator> {
  const scenario =
    typeof options.scenario === 'string' ? await loadScenario(options.scenario) : (options.scenario ?? (await defaultScenario()));
  const seed = options.seed ?? scenario.seed ?? 1;
  const clock = options.clock ?? wallClock;
  const modules = options.services ?? registry;
  const make = (name: CloudName, s: number) =>
    SimCloud.create({
      name,
      clock,
      seed: s,
      scenario: name === 'source' ? scenario.source : scenario.destination,
      services: modules,
      ...(options.deviceRoot ? { deviceRoot: `${options.deviceRoot}/${name}` } : {}),
    });
  const source = await make('source', seed);
  let destination: SimCloud;
  try {
    destination = await make('destination', seed + 1);
  } catch (err) {
    await source.close();
    throw err;
  }
  const entries = cloudEntries(source, destination);
  const cloudsYaml = renderCloudsYaml(entries);
  const control = options.control ? await listenControl({ source, destination }, clock) : undefined;
  return {
    cloudsYaml,
    entries,
    controlUrl: control?.url,
    writeCloudsYaml: (path) => writeFile(path, cloudsYaml, { mode: 0o600 }),
    cloud: (name) => (name === 'source' ? source : destination),
    reset: async () => {
      await source.reset();
      await destination.reset();
    },
    close: async () => {
      await control?.close();
      await source.close();
      await destination.close();
    },
  };
}

export type { SimCloud, CloudName } from './core/cloud.js';
export type { SimClock, ManualClock } from './core/clock.js';
export { createManualClock } from './core/clock.js';
export type { Scenario, CloudScenario } from './scenario.js';
export type { CloudEntry } from './core/cloudsYaml.js';

/**
 * One simulated cloud: its state, knobs and listeners. `startSimulator` builds two (source and
 * destination) in one process; they share nothing but the clock. Everything a service module
 * needs hangs off SimCloud: state (collections), ids, clock, tokens, quotas, faults,
 * progression, compute hosts, a data directory for image/volume bytes, and the catalog.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimClock } from './clock.js';
import { FaultInjector } from './faults.js';
import { ComputeHosts } from './hosts.js';
import { IdGenerator } from './ids.js';
import { Progressions } from './progression.js';
import { Quotas } from './quotas.js';
import { listenService, type Listener } from './server.js';
import type { ServiceModule } from './service.js';
import { CloudState } from './state.js';
import { TokenStore } from './tokens.js';
import type { CloudScenario } from '../scenario.js';

export type CloudName = 'source' | 'destination';

export interface SimCloudOptions {
  name: CloudName;
  clock: SimClock;
  seed: number;
  scenario: CloudScenario;
  services: ServiceModule[];
  /** Parent of the cloud's data directory (default: the OS temp dir). */
  dataRoot?: string;
  /** Where conversion-host volume devices appear (default: <dataDir>/dev). */
  deviceRoot?: string;
}

/** A Keystone catalog entry as it appears in a token. */
export interface CatalogService {
  id: string;
  type: string;
  name: string;
  endpoints: { id: string; interface: 'public' | 'internal' | 'admin'; region: string; region_id: string; url: string }[];
}

export class SimCloud {
  readonly name: CloudName;
  readonly clock: SimClock;
  readonly ids: IdGenerator;
  readonly state = new CloudState();
  readonly tokens: TokenStore;
  readonly quotas = new Quotas();
  readonly faults: FaultInjector;
  readonly progression: Progressions;
  readonly hosts: ComputeHosts;
  /** Where services keep bytes (images, volumes): one file per resource, never in RAM. */
  readonly dataDir: string;
  readonly region: string;
  /** Root under which conversion-host devices appear (disk/by-id/virtio-<id20>). */
  readonly deviceRoot: string;
  /** Unexpected exceptions thrown by handlers (answered with 500); tests assert this stays empty. */
  readonly internalErrors: unknown[] = [];
  scenario: CloudScenario;
  private readonly services: ServiceModule[];
  private readonly listeners = new Map<string, Listener>();
  private readonly closers: (() => void | Promise<void>)[] = [];
  private readonly seedNumber: number;
  private readonly catalogIds = new Map<string, string>();

  private constructor(options: SimCloudOptions) {
    this.name = options.name;
    this.clock = options.clock;
    this.seedNumber = options.seed;
    this.ids = new IdGenerator(options.seed);
    this.tokens = new TokenStore(this.clock, this.ids);
    this.faults = new FaultInjector(() => this.ids.chance);
    this.progression = new Progressions(this.clock);
    this.hosts = new ComputeHosts(this.state, this.ids);
    this.scenario = options.scenario;
    this.services = options.services;
    this.region = options.scenario.region ?? 'RegionOne';
    this.dataDir = mkdtempSync(join(options.dataRoot ?? tmpdir(), `stackshift-sim-${options.name}-`));
    this.deviceRoot = options.deviceRoot ?? join(this.dataDir, 'dev');
  }

  /** Builds the cloud, starts a listener per catalogued service, seeds it and runs service start hooks. */
  static async create(options: SimCloudOptions): Promise<SimCloud> {
    const cloud = new SimCloud(options);
    try {
      for (const module of cloud.services) {
        if (!module.catalog?.length) continue;
        cloud.listeners.set(module.name, await listenService(cloud, module));
        // Catalog ids are a hash, not drawn from ids, so that reset() replays the same resource ids.
        for (const entry of module.catalog) cloud.catalogIds.set(entry.type, createHash('sha1').update(`${cloud.name}/${entry.type}`).digest('hex').slice(0, 32));
      }
      await cloud.seed();
      for (const module of cloud.services) await module.start?.(cloud);
      return cloud;
    } catch (err) {
      await cloud.close();
      throw err;
    }
  }

  /** The URL clients use for a service type, with {project_id} filled in when given. */
  endpoint(type: string, projectId?: string): string {
    for (const module of this.services) {
      const entry = module.catalog?.find((e) => e.type === type);
      const listener = this.listeners.get(module.name);
      if (entry && listener) return listener.origin + entry.path.replace('{project_id}', projectId ?? '{project_id}');
    }
    throw new Error(`the ${this.name} cloud has no '${type}' service`);
  }
  /** The catalog as Keystone puts it in a project-scoped token. */
  catalog(projectId: string): CatalogService[] {
    const out: CatalogService[] = [];
    for (const module of this.services) {
      for (const entry of module.catalog ?? []) {
        if (!this.listeners.has(module.name)) continue;
        const url = this.endpoint(entry.type, projectId);
        const id = this.catalogIds.get(entry.type) ?? entry.type;
        const endpoints = (['public', 'internal', 'admin'] as const).map((iface) => ({
          id: `${id.slice(0, 24)}${iface.slice(0, 8).padEnd(8, '0')}`,
          interface: iface,
          region: this.region,
          region_id: this.region,
          url,
        }));
        out.push({ id, type: entry.type, name: entry.name, endpoints });
      }
    }
    return out;
  }
  /** A file path for the bytes of one resource, e.g. dataPath('images', id); the folder exists. */
  dataPath(kind: string, id: string): string {
    const dir = join(this.dataDir, kind);
    mkdirSync(dir, { recursive: true });
    return join(dir, id);
  }
  /** Registers cleanup to run on close (listeners, temp files of a service). */
  onClose(fn: () => void | Promise<void>): void {
    this.closers.push(fn);
  }
  /** Back to the scenario's initial state: same ids, no tokens, faults, progression modes or quota overrides. */
  async reset(): Promise<void> {
    this.state.clear();
    this.tokens.reset();
    this.faults.clear();
    this.progression.reset();
    this.quotas.reset();
    this.ids.reseed(this.seedNumber);
    this.internalErrors.length = 0;
    rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    await this.seed();
  }
  async close(): Promise<void> {
    for (const fn of this.closers.splice(0).reverse()) await fn();
    await Promise.all([...this.listeners.values()].map((l) => l.close()));
    this.listeners.clear();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async seed(): Promise<void> {
    const scenario = this.scenario;
    if (scenario.tokenLifetimeSeconds !== undefined) this.tokens.lifetimeMs = scenario.tokenLifetimeSeconds * 1000;
    for (const host of scenario.hosts ?? []) this.hosts.add(host);
    for (const module of this.services) await module.seed?.(this, scenario);
    for (const [resource, limit] of Object.entries(scenario.quotas ?? {})) this.quotas.setDefault(resource, limit);
  }
}

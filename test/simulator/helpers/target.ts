/**
 * Where contract tests run. With STACKSHIFT_CONFORMANCE_CLOUDS=<clouds.yaml> they run against the
 * clouds named by STACKSHIFT_CONFORMANCE_SOURCE / _DESTINATION / _ADMIN (defaults src, dst,
 * src-admin) — a real OpenStack; otherwise a simulator is started with a small scenario. Tests
 * that need simulator knobs (faults, clock, progression) read `target.sim` and are in the
 * simulator's own suites.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { startSimulator, type Simulator, type StartOptions } from '../../../src/simulator/index.js';
import type { CloudEntry } from '../../../src/simulator/core/cloudsYaml.js';
import { testScenario } from './scenario.js';

export interface Target {
  /** Member of the source project, member of the destination project, source admin. */
  source: CloudEntry;
  destination: CloudEntry;
  admin: CloudEntry;
  /** Present when the target is the simulator. */
  sim: Simulator | undefined;
  /** True against a real cloud, where servers boot and volumes fill in seconds, not in polls. */
  real: boolean;
  /** How long a test may wait for an asynchronous state (a boot, a volume, a delete), and how often it looks. */
  waitMs: number;
  pollMs: number;
  close(): Promise<void>;
}

/** A real boot takes 5–30 s on the loaded 2-core harness; the simulator answers within a few polls. */
export const realBudget = { real: true, waitMs: 120_000, pollMs: 1_000 } as const;
export const simBudget = { real: false, waitMs: 5_000, pollMs: 5 } as const;
/** The budget for the target the environment selects, for helpers that have no Target at hand. */
export const budget = process.env.STACKSHIFT_CONFORMANCE_CLOUDS ? realBudget : simBudget;

/** Polls `read` until `done` holds, within the target's wait budget; fails naming what it waited for. */
export async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean,
  limits: { waitMs: number; pollMs: number } = budget): Promise<T> {
  const deadline = Date.now() + limits.waitMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) {
      throw new Error(`${what}: not reached within ${limits.waitMs} ms; last seen ${JSON.stringify(last)?.slice(0, 300)}`);
    }
    await new Promise((r) => setTimeout(r, limits.pollMs));
    last = await read();
  }
  return last;
}

export async function openTarget(options: StartOptions = {}): Promise<Target> {
  const file = process.env.STACKSHIFT_CONFORMANCE_CLOUDS;
  if (file) {
    const doc = parse(await readFile(file, 'utf8')) as { clouds?: Record<string, CloudEntry> };
    const pick = (env: string, fallback: string): CloudEntry => {
      const name = process.env[env] ?? fallback;
      const entry = doc.clouds?.[name];
      if (!entry) throw new Error(`${file} has no cloud '${name}' (set ${env})`);
      return entry;
    };
    return {
      source: pick('STACKSHIFT_CONFORMANCE_SOURCE', 'src'),
      destination: pick('STACKSHIFT_CONFORMANCE_DESTINATION', 'dst'),
      admin: pick('STACKSHIFT_CONFORMANCE_ADMIN', 'src-admin'),
      sim: undefined,
      ...realBudget,
      close: async () => {},
    };
  }
  const sim = await startSimulator({ scenario: testScenario(), ...options });
  return {
    source: sim.entries.src!,
    destination: sim.entries.dst!,
    admin: sim.entries['src-admin']!,
    sim,
    ...simBudget,
    close: () => sim.close(),
  };
}

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
  close(): Promise<void>;
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
      close: async () => {},
    };
  }
  const sim = await startSimulator({ scenario: testScenario(), ...options });
  return {
    source: sim.entries.src!,
    destination: sim.entries.dst!,
    admin: sim.entries['src-admin']!,
    sim,
    close: () => sim.close(),
  };
}

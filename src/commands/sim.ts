/**
 * `stackshift sim`: two simulated OpenStack clouds (source and destination) on loopback until
 * SIGTERM/SIGINT. Writes a clouds.yaml with entries src, dst, src-admin and dst-admin, then
 * prints exactly one line starting with `ready` so scripts can wait for it. Without --scenario the
 * source cloud is the estate described by example-repo/.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { Output } from '../ports.js';

const USAGE = `usage: stackshift sim [--scenario FILE] [--clouds-out FILE] [--seed N]

Runs a simulated source and destination OpenStack cloud on 127.0.0.1 until interrupted, plus a
control endpoint (faults, progressions, token lifetime, reset; see src/simulator/core/control.ts).
  --scenario FILE    scenario YAML (projects, users, hosts, machines, resources); default: example-repo/
  --clouds-out FILE  where to write clouds.yaml (default: ./clouds.yaml; an existing file is replaced
                     only if stackshift sim wrote it)
  --seed N           seed for resource ids (default: the scenario's, else 1)`;

const HEADER = '# Written by stackshift sim';

export async function run(argv: string[], output: Output): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { scenario: { type: 'string' }, 'clouds-out': { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message, 'run `stackshift sim --help`');
  }
  if (values.help) {
    output.out(USAGE);
    return 0;
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got '${values.seed}'`);
  const cloudsOut = resolve(values['clouds-out'] ?? 'clouds.yaml');
  if (existsSync(cloudsOut) && !readFileSync(cloudsOut, 'utf8').startsWith(HEADER)) {
    throw new UsageError(`${cloudsOut} exists and was not written by stackshift sim; not replacing it`, 'pass --clouds-out with another path');
  }
  const { startSimulator } = await import('../simulator/index.js');
  const sim = await startSimulator({
    control: true,
    ...(values.scenario ? { scenario: values.scenario } : {}),
    ...(seed === undefined ? {} : { seed }),
  });
  try {
    await sim.writeCloudsYaml(cloudsOut);
    const src = sim.entries.src!.auth.auth_url;
    const dst = sim.entries.dst!.auth.auth_url;
    output.out(`ready clouds=${cloudsOut} source=${src} destination=${dst} control=${sim.controlUrl}`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  } finally {
    await sim.close();
    rmSync(cloudsOut, { force: true });
  }
  return 0;
}

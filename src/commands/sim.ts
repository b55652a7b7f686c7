/**
 * `stackshift sim`: two simulated OpenStack clouds (source and destination) on loopback until
 * SIGTERM/SIGINT, and the conversion hosts the scenario's stackshift.yaml names (in-process SSH,
 * see src/simulator/conversionHosts/simHosts.ts). Writes a clouds.yaml with entries src, dst,
 * src-admin and dst-admin, then prints exactly one line starting with `ready` so scripts can wait
 * for it. Without --scenario the source cloud is the estate described by example-repo/.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { exampleRepoDir } from '../paths.js';
import type { Output } from '../ports.js';
import type { SimConversionHosts } from '../simulator/conversionHosts/simHosts.js';
import { startSimBmcs, type SimBmcs } from '../simulator/ipmi/simBmcs.js';

const USAGE = `usage: stackshift sim [--scenario FILE] [--clouds-out FILE] [--seed N] [conversion-host options]

Runs a simulated source and destination OpenStack cloud on 127.0.0.1 until interrupted, plus a
control endpoint (faults, progressions, token lifetime, reset; see src/simulator/core/control.ts)
and the conversion hosts of the scenario's stackshift.yaml (SSH on the address and port each names).
  --scenario FILE    scenario YAML (projects, users, hosts, machines, resources); default: example-repo/
  --clouds-out FILE  where to write clouds.yaml (default: ./clouds.yaml; an existing file is replaced
                     only if stackshift sim wrote it)
  --seed N           seed for resource ids (default: the scenario's, else 1)
  --stackshift-yaml FILE       whose conversion hosts to run (default: the stackshift.yaml next to the
                               scenario; example-repo/stackshift.yaml without --scenario)
  --ssh-key-out FILE           where to write this run's SSH client key, FILE.pub beside it (default:
                               stackshift-sim-ed25519 next to clouds.yaml)
  --conversion-hosts-any-port  listen on free ports instead of the ones stackshift.yaml names
  --no-conversion-hosts        run the clouds only
With conversion hosts, stackshift.sim.yaml is written next to clouds.yaml: the stackshift.yaml with
privateKeyPath (the key above), each side's devicesDir and the ports set for this run; use it as your
repository's stackshift.yaml (devicesDir is stackshift-sim-devices/ next to clouds.yaml, the same on
every run). Key, copy and devices are removed on exit, as clouds.yaml is.`;

const HEADER = '# Written by stackshift sim';

/** The stackshift.yaml whose conversion hosts to run, or undefined when there is none to run. */
function stackshiftYamlOf(values: { scenario?: string; 'stackshift-yaml'?: string; 'no-conversion-hosts'?: boolean }): string | undefined {
  if (values['no-conversion-hosts']) return undefined;
  if (values['stackshift-yaml']) {
    const file = resolve(values['stackshift-yaml']);
    if (!existsSync(file)) throw new UsageError(`--stackshift-yaml ${file} does not exist`);
    return file;
  }
  const file = join(values.scenario ? dirname(resolve(values.scenario)) : exampleRepoDir(), 'stackshift.yaml');
  return existsSync(file) ? file : undefined;
}

export async function run(argv: string[], output: Output): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string' }, 'clouds-out': { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' },
        'stackshift-yaml': { type: 'string' }, 'ssh-key-out': { type: 'string' }, 'conversion-hosts-any-port': { type: 'boolean' }, 'no-conversion-hosts': { type: 'boolean' },
      },
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
  const stackshiftYaml = stackshiftYamlOf(values);
  const keyPath = resolve(values['ssh-key-out'] ?? join(dirname(cloudsOut), 'stackshift-sim-ed25519'));
  const configOut = join(dirname(cloudsOut), 'stackshift.sim.yaml');
  const deviceRoot = join(dirname(cloudsOut), 'stackshift-sim-devices');
  const hostsModule = stackshiftYaml ? await import('../simulator/conversionHosts/simHosts.js') : undefined;
  hostsModule?.assertReplaceable(keyPath, configOut, deviceRoot);
  // Devices live outside the clouds' data directories, which a control reset wipes (a host's
  // devicesDir must keep existing for stackshift's preflight), at a path that survives restarts.
  hostsModule?.claimDeviceRoot(deviceRoot);
  const work = stackshiftYaml ? mkdtempSync(join(tmpdir(), 'stackshift-sim-hosts-')) : undefined;
  const cleanUp = () => {
    if (!work) return;
    rmSync(work, { recursive: true, force: true });
    rmSync(deviceRoot, { recursive: true, force: true });
  };
  const { startSimulator } = await import('../simulator/index.js');
  const { conversionDevicesDir } = await import('../simulator/devices/conversionDevices.js');
  const sim = await startSimulator({
    control: true,
    ...(values.scenario ? { scenario: values.scenario } : {}),
    ...(seed === undefined ? {} : { seed }),
    ...(work ? { deviceRoot } : {}),
  }).catch((err: unknown) => {
    cleanUp();
    throw err;
  });
  let hosts: SimConversionHosts | undefined;
  let bmcs: SimBmcs | undefined;
  try {
    await sim.writeCloudsYaml(cloudsOut);
    if (hostsModule && stackshiftYaml && work) {
      const devicesDir = { source: conversionDevicesDir(sim.cloud('source')), destination: conversionDevicesDir(sim.cloud('destination')) };
      hosts = await hostsModule.startSimConversionHosts({
        stackshiftYaml, keyPath, configOut, devicesDir, workDir: join(work, 'hosts'), anyPort: values['conversion-hosts-any-port'] ?? false,
      });
    }
    const src = sim.entries.src!.auth.auth_url;
    const dst = sim.entries.dst!.auth.auth_url;
    const ssh = hosts ? ` conversion-hosts=${hosts.fleet.hosts.length} ssh-key=${hosts.keyPath}` : '';
    output.out(`ready clouds=${cloudsOut} source=${src} destination=${dst} control=${sim.controlUrl}${ssh}`);
    for (const h of hosts?.fleet.hosts ?? []) {
      output.out(`conversion host ${h.server} (${h.side}) on ${h.address}:${h.port} hostKey="${h.hostKey}" devicesDir=${h.devicesDir}`);
    }
    if (hosts) output.out(`stackshift.yaml for this run: ${hosts.configOut} (privateKeyPath=${hosts.keyPath}, devicesDir and port set per host)`);
    bmcs = await startSimBmcs(sim.cloud('source'));
    for (const line of bmcs.lines) output.out(line);
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
    await bmcs?.stop();
    await hosts?.stop();
    await sim.close();
    rmSync(cloudsOut, { force: true });
    cleanUp();
  }
  return 0;
}

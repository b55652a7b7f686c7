/**
 * A workload-migration rig: both simulated clouds (source seeded from example-repo/ or another
 * repository, volumes with data), the in-process conversion hosts of its stackshift.yaml, and a
 * Git repository made from it that uses them (windows open now). Helpers count what is left in each cloud and
 * hash volumes' bytes as the simulated clouds hold them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoConversionHosts, type DemoConversionHosts } from '../../src/daemon/demoConversionHosts.js';
import { makeDemoRepo } from '../../src/daemon/demoRepo.js';
import { exampleRepoDir } from '../../src/paths.js';
import { conversionDevicesDir } from '../../src/simulator/devices/conversionDevices.js';
import { snapshots, volumes } from '../../src/simulator/cinder/store.js';
import { images } from '../../src/simulator/glance/model.js';
import { ports } from '../../src/simulator/neutron/model.js';
import { servers } from '../../src/simulator/nova/store.js';
import { startSimulator, type SimCloud, type Simulator } from '../../src/simulator/index.js';
import { defaultScenario } from '../../src/simulator/scenarioDefault.js';
import { after, before } from 'node:test';

export interface WorkloadRig {
  dir: string;
  sim: Simulator;
  hosts: DemoConversionHosts;
  repo: { dir: string; commit: string };
  cloudsYaml: string;
  close(): Promise<void>;
}

export interface WorkloadRigOptions {
  /** The repository the clouds are seeded from and the Git repository is made of (default example-repo/). */
  base?: string;
  /** Quota limits set for both clouds' projects (e.g. -1 for the temporaries of many workloads). */
  quotas?: Record<string, number>;
  /** Changes the repository's files before its commit. */
  edit?: (dir: string) => Promise<void>;
  /** Serve the simulator's control endpoint (sim.controlUrl), e.g. for a hook in another process. */
  control?: boolean;
}

export async function startWorkloadRig(options: WorkloadRigOptions = {}): Promise<WorkloadRig> {
  const base = options.base ?? exampleRepoDir();
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-workloads-'));
  const scenario = await defaultScenario(base);
  if (options.quotas) {
    scenario.source.quotas = { ...scenario.source.quotas, ...options.quotas };
    scenario.destination.quotas = { ...scenario.destination.quotas, ...options.quotas };
  }
  const sim = await startSimulator({ scenario, deviceRoot: join(dir, 'devices'), ...(options.control ? { control: true } : {}) });
  try {
    const hosts = await startDemoConversionHosts({
      exampleDir: base, workDir: dir,
      devicesDir: { source: conversionDevicesDir(sim.cloud('source')), destination: conversionDevicesDir(sim.cloud('destination')) },
    });
    const repo = await makeDemoRepo(base, {
      parent: dir,
      edit: async (d) => {
        await hosts.editRepo(d);
        // Workload tests are about workloads: no node is reclaimed unless a test lists one.
        await writeFile(join(d, 'reclaim.yaml'), 'version: 1\nnodes: []\n');
        await options.edit?.(d);
      },
    });
    const cloudsYaml = join(dir, 'clouds.yaml');
    await sim.writeCloudsYaml(cloudsYaml);
    return {
      dir, sim, hosts, repo, cloudsYaml,
      async close() {
        await hosts.fleet.stop();
        await sim.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * A rig for one test file: started before its tests (then `prepare` runs), with
 * OS_CLIENT_CONFIG_FILE pointing at its clouds for in-process commands, and closed after them.
 */
export function useWorkloadRig(options: WorkloadRigOptions & { prepare?: (rig: WorkloadRig) => void | Promise<void> } = {}): () => WorkloadRig {
  let rig: WorkloadRig | undefined;
  let previousClouds: string | undefined;
  before(async () => {
    rig = await startWorkloadRig(options);
    await options.prepare?.(rig);
    previousClouds = process.env.OS_CLIENT_CONFIG_FILE;
    process.env.OS_CLIENT_CONFIG_FILE = rig.cloudsYaml;
  });
  after(async () => {
    if (previousClouds === undefined) delete process.env.OS_CLIENT_CONFIG_FILE;
    else process.env.OS_CLIENT_CONFIG_FILE = previousClouds;
    await rig?.close();
  });
  return () => rig!;
}

/**
 * Takes the detached volumes out of a rig's repository (and the mapping of the volume type only
 * archive-vol has), for tests about servers whose counts and quotas those volumes would change.
 * The source cloud still holds them; they are just not asked for.
 */
export async function dropDetachedVolumes(dir: string): Promise<void> {
  const snapshot = join(dir, 'snapshots', 'detached_volumes.yml');
  const yaml = await readFile(snapshot, 'utf8');
  await writeFile(snapshot, `${yaml.slice(0, yaml.indexOf('resources:'))}resources: []\n`);
  const config = join(dir, 'stackshift.yaml');
  await writeFile(config, (await readFile(config, 'utf8')).replace(/^ {4}ceph-hdd: .*\n/m, ''));
}

/**
 * A digest of a volume's bytes as the simulated cloud holds them, independent of how sparse the
 * file is: sha256 over (offset, sha256) of every 1 MiB chunk that is not all zeros. Holes are
 * skipped with SEEK_DATA (python3, as the conversion hosts use), so a 40 GiB thin volume hashes
 * in milliseconds instead of minutes of reading zeros.
 */
export function fileSha256(path: string): Promise<string> {
  const program = String.raw`
import os, sys, hashlib
path, chunk = sys.argv[1], 1 << 20
fd = os.open(path, os.O_RDONLY)
size = os.fstat(fd).st_size
whole = hashlib.sha256(str(size).encode())
off = 0
while off < size:
    try:
        off = os.lseek(fd, off, os.SEEK_DATA) // chunk * chunk
    except OSError:
        break
    data = os.pread(fd, chunk, off)
    if data.strip(b'\0'):
        whole.update(off.to_bytes(8, 'big') + hashlib.sha256(data).digest())
    off += chunk
print(whole.hexdigest())`;
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', program, path], (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
  });
}

export const volumesOf = (c: SimCloud) => volumes(c).values();
export const snapshotsOf = (c: SimCloud) => snapshots(c).values();
export const serversOf = (c: SimCloud) => servers(c).values().filter((s) => s.vmState !== 'deleted');
export const portsOf = (c: SimCloud) => ports(c).values();
export const imagesOf = (c: SimCloud) => images(c).values();

/** What a migration leaves behind that it should not: stackshift's temporaries in the source. */
export function temporariesIn(source: SimCloud): string[] {
  return [
    ...volumesOf(source).filter((v) => String(v.name ?? '').startsWith('stackshift-')).map((v) => `volume ${v.name}`),
    ...snapshotsOf(source).map((s) => `snapshot ${s.name}`),
    ...imagesOf(source).filter((i) => String(i.name ?? '').startsWith('stackshift-')).map((i) => `image ${i.name}`),
  ];
}

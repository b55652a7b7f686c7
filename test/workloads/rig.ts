/**
 * A workload-migration rig: both simulated clouds (source seeded from example-repo/, volumes with
 * data), the in-process conversion hosts of its stackshift.yaml, and a Git repository made from
 * example-repo/ that uses them (windows open now). Helpers count what is left in each cloud and
 * hash volumes' bytes as the simulated clouds hold them.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
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

export interface WorkloadRig {
  dir: string;
  sim: Simulator;
  hosts: DemoConversionHosts;
  repo: { dir: string; commit: string };
  cloudsYaml: string;
  close(): Promise<void>;
}

export async function startWorkloadRig(options: { edit?: (dir: string) => Promise<void> } = {}): Promise<WorkloadRig> {
  const dir = await mkdtemp(join(tmpdir(), 'stackshift-workloads-'));
  const sim = await startSimulator({ deviceRoot: join(dir, 'devices') });
  const hosts = await startDemoConversionHosts({
    exampleDir: exampleRepoDir(), workDir: dir,
    devicesDir: { source: conversionDevicesDir(sim.cloud('source')), destination: conversionDevicesDir(sim.cloud('destination')) },
  });
  const repo = await makeDemoRepo(exampleRepoDir(), {
    parent: dir,
    edit: async (d) => {
      await hosts.editRepo(d);
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

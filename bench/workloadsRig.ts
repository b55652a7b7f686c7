/**
 * Bench helper: the workload rig of test/workloads/rig.ts for a generated repository
 * (bench/workloadsRepo.ts), seeded from it (so its added servers and volumes exist in the source,
 * and every pair's conversion-host servers in both clouds) with the project quotas lifted (the
 * example's defaults — 10 volumes, 10 snapshots — are too few for the temporaries of many
 * workloads).
 */
import { randomFillSync } from 'node:crypto';
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import type { SimCloud } from '../src/simulator/index.js';
import { startWorkloadRig, volumesOf, type WorkloadRig } from '../test/workloads/rig.js';

const UNLIMITED: Record<string, number> = {
  instances: -1, cores: -1, ram: -1, key_pairs: -1,
  volumes: -1, gigabytes: -1, snapshots: -1, per_volume_gigabytes: -1,
  network: -1, subnet: -1, port: -1, router: -1, floatingip: -1, security_group: -1, security_group_rule: -1,
};

export function startBenchRig(base: string, options: { edit?: (dir: string) => Promise<void> } = {}): Promise<WorkloadRig> {
  return startWorkloadRig({ base, quotas: UNLIMITED, ...options });
}

/**
 * Writes `mib` MiB of random bytes at the start of each named source volume's backing file (the
 * simulator seeds only 8 MiB per volume), synced to disk. Returns the bytes written.
 */
export function fillVolumes(source: SimCloud, names: readonly string[], mib: number): number {
  const chunk = Buffer.alloc(4 * 1024 * 1024);
  let written = 0;
  for (const name of names) {
    const volume = volumesOf(source).find((v) => v.name === name);
    if (!volume) throw new Error(`no volume ${name} in the source cloud`);
    if (mib * 1024 * 1024 > volume.size * 1024 ** 3) throw new Error(`${name} is ${volume.size} GiB, smaller than ${mib} MiB`);
    const fd = openSync(volume.backingFile, 'r+');
    try {
      for (let off = 0; off < mib * 1024 * 1024; off += chunk.length) {
        const n = Math.min(chunk.length, mib * 1024 * 1024 - off);
        randomFillSync(chunk, 0, n);
        writeSync(fd, chunk, 0, n, off);
        written += n;
      }
      fdatasyncSync(fd); // on disk before the timing starts: no writeback of these bytes during the run
    } finally {
      closeSync(fd);
    }
  }
  return written;
}

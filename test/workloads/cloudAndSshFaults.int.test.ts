/**
 * Faults while the daemon migrates the example workloads: one request in fifteen to any service of
 * either cloud answers 503 and one in twenty-five has its connection reset, tokens expire every two
 * seconds, and every SSH connection of every conversion host is dropped (mid-chunk, as a broken
 * link or an sshd restart would) five times. Every workload converges with nothing made twice, no
 * temporary left anywhere, and every copied disk equal to its source.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertCleanMigration, convergeWithDaemon } from './daemonRun.js';
import { type WorkloadRig, useWorkloadRig } from './rig.js';

const rig = useWorkloadRig({
  edit: async (dir) => {
    const path = join(dir, 'stackshift.yaml');
    // Copies take seconds (8 MiB per disk at 24 Mbit/s each), so the SSH drops land mid-copy.
    await writeFile(path, (await readFile(path, 'utf8')).replace('totalBandwidthMbps: 800', 'totalBandwidthMbps: 48'));
  },
});

test('503s, reset connections, expiring tokens and dropped SSH connections: the workloads converge cleanly', { timeout: 600_000 }, async (t) => {
  const clouds = (['source', 'destination'] as const).map((side) => rig().sim.cloud(side));
  const faults = clouds.flatMap((c) => [c.faults.inject({ status: 503, rate: 1 / 15 }), c.faults.inject({ reset: true, rate: 1 / 25 })]);
  for (const c of clouds) c.tokens.lifetimeMs = 2_000;
  let drops = 0;
  const dropping = (async () => {
    while (drops < 5) {
      await sleep(2_500);
      rig().hosts.fleet.dropConnections();
      drops++;
    }
  })();
  try {
    await convergeWithDaemon(rig(), join(rig().dir, 'state'), 300_000);
  } finally {
    for (const f of faults) f.remove();
    for (const c of clouds) c.tokens.lifetimeMs = 3_600_000;
    await dropping;
  }
  t.diagnostic(`faults: ${faults.map((f) => f.hits).join(' + ')} failed requests, ${drops} SSH drops`);
  assert.ok(faults[0]!.hits + faults[2]!.hits > 0 && faults[1]!.hits + faults[3]!.hits > 0, 'both kinds of cloud fault fired');
  await assertCleanMigration(rig());
});

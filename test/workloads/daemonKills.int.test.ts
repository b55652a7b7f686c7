/**
 * The daemon SIGKILLed twenty times at random moments while it migrates the example workloads
 * and detached volumes (every cloud request slowed, transfers throttled, so kills land in every
 * step: preflight, stop, snapshot, volumes, copy, ports, server, verify, cleanup). After a last
 * restart every workload and volume converges with nothing made twice, no temporary left in
 * either cloud or on a conversion host, and every destination disk holding the source's bytes.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertCleanMigration, convergeWithDaemon, killRepeatedly, phases, WORKLOADS } from './daemonRun.js';
import { type WorkloadRig, useWorkloadRig } from './rig.js';

const rig = useWorkloadRig({
  edit: async (dir) => {
    const path = join(dir, 'stackshift.yaml');
    // 96 Mbit/s shared by two copies at once: each disk's 8 MiB takes 1.4 s, so copies get killed too.
    await writeFile(path, (await readFile(path, 'utf8')).replace('totalBandwidthMbps: 800', 'totalBandwidthMbps: 96'));
  },
});

const STEPS = ['preflight', 'stop-source', 'prepare-disk', 'copy-disks', 'detach-disks', 'create-ports', 'create-server', 'verify', 'cleanup'];

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

test('twenty SIGKILLs across every step: the workloads converge, nothing twice, no temporaries, same bytes', { timeout: 600_000 }, async (t) => {
  const seed = Number(process.env.STACKSHIFT_CRASH_SEED ?? Date.now() % 100_000);
  t.diagnostic(`seed ${seed} (set STACKSHIFT_CRASH_SEED to repeat)`);
  const random = seeded(seed);
  const state = join(rig().dir, 'state');
  const slow = ['source', 'destination'].map((side) => rig().sim.cloud(side as 'source').faults.inject({ latencyMs: 20 }));
  let run: { kills: number; killedIn: Set<string> };
  try {
    // Each kill aims at the start of one step kind in turn (or lands at a random moment when no
    // such step comes soon), until the migration is through (at most 80 kills).
    run = await killRepeatedly(rig(), state, {
      steps: STEPS, rounds: 80,
      pause: (_round, target) => Math.floor(random() * (target === '*' ? 400 : 30)),
      done: async () => Object.values(await phases(state)).filter((p) => p === 'Migrated').length === WORKLOADS.length,
    });
  } finally {
    for (const f of slow) f.remove();
  }
  const { kills, killedIn } = run;
  const afterKills = await phases(state);
  t.diagnostic(`${kills} kills; phases then: ${JSON.stringify(afterKills)}`);
  t.diagnostic(`killed during: ${[...killedIn].sort().join(', ')}`);
  assert.ok(kills >= 20, `the migration outlived at least 20 kills (${kills})`);
  assert.ok(killedIn.size >= 7, `kills landed in several kinds of step (${[...killedIn].join(', ')})`);

  await convergeWithDaemon(rig(), state);
  await assertCleanMigration(rig());
});

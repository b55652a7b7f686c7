/**
 * A reconcile pass over a long event log (`npm run bench -- pass`; target ≤ 1 s per pass with
 * 1,000,000 events): weeks of migration leave millions of transfer-progress events, and nothing a
 * pass reads may grow with them. The same drift passes run against the simulated clouds with the
 * example repository twice, over an empty log and over a log of PASS_BENCH_EVENTS (default
 * 1,000,000) events on 1,000 workload streams; the difference is what the log costs a pass.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileEventStore } from '../src/events/fileStore.js';
import { loadCloudConfig } from '../src/executors/openstack/cloudConfig.js';
import { createOpenStackClient } from '../src/executors/openstack/client.js';
import { exampleRepoDir } from '../src/paths.js';
import { reconcilePass } from '../src/reconcile/pass.js';
import { startSimulator } from '../src/simulator/index.js';
import { dirReader } from '../src/source/dirReader.js';
import { systemClock } from '../src/wiring.js';
import { workflowModules } from '../src/workflows/registry.js';
import { createWorkflowRunner } from '../src/workflows/runner.js';
import { writeBigLog } from './bigLog.js';

const count = Number(process.env.PASS_BENCH_EVENTS ?? 1_000_000);
const dir = await mkdtemp(join(tmpdir(), 'stackshift-bench-pass-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function passes(label: string, stateDir: string): Promise<number> {
  const sim = await startSimulator();
  const cloudsYaml = join(stateDir, '..', `${label}-clouds.yaml`);
  await sim.writeCloudsYaml(cloudsYaml);
  const env = { OS_CLIENT_CONFIG_FILE: cloudsYaml };
  const open = async (name: string) => createOpenStackClient(await loadCloudConfig(name, { env }), { clock: systemClock });
  const clouds = { source: await open('src'), destination: await open('dst'), destinationAdmin: await open('dst-admin') };
  let t = performance.now();
  const store = await openFileEventStore(stateDir, { clock: systemClock });
  const openMs = performance.now() - t;
  const workflows = createWorkflowRunner({ modules: workflowModules, store, clock: systemClock });
  const reader = await dirReader(exampleRepoDir());
  const deps = { store, clouds: async () => clouds, clock: systemClock, workflows };
  try {
    t = performance.now();
    const first = await reconcilePass(deps, { commit: 'bench', reader, reason: 'commit' });
    const firstMs = performance.now() - t;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      const outcome = await reconcilePass(deps, { commit: 'bench', reader, reason: 'drift' });
      times.push(performance.now() - t);
      if (outcome.result !== 'unchanged') throw new Error(`drift pass ${i}: ${outcome.result}`);
    }
    console.log(`${label}: open ${openMs.toFixed(0)} ms; first pass (${first.result}, ${first.changes} changes) ${firstMs.toFixed(0)} ms; drift passes median ${median(times).toFixed(0)} ms (${times.map((x) => x.toFixed(0)).join(', ')})`);
    return median(times);
  } finally {
    await workflows.stop();
    await store.close();
    await Promise.all(Object.values(clouds).map((c) => c.close()));
    await sim.close();
  }
}

try {
  const empty = await passes('empty log', join(dir, 'empty'));
  const t = performance.now();
  await writeBigLog(join(dir, 'big'), count, 1000);
  console.log(`wrote ${count.toLocaleString('en-US')} events on 1,000 workload streams in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const big = await passes(`${count.toLocaleString('en-US')}-event log`, join(dir, 'big'));
  console.log(`a drift pass over ${count.toLocaleString('en-US')} events: ${big.toFixed(0)} ms (target ≤ 1000 ms); the log adds ${(big - empty).toFixed(0)} ms to a pass over an empty log`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

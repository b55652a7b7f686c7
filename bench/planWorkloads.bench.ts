/**
 * `stackshift plan` for 1,000 selected workloads (`npm run bench -- planWorkloads`; target ≤ 2 s).
 * A desired-state repository is made from example-repo/ with PLAN_WORKLOADS_BENCH_SERVERS
 * (default 1,000) more servers in snapshots/workloads.yml, all selected in workloads.yaml over 4
 * waves, 2 windows and 2 conversion-host pairs, with the networks, subnets, flavor, keypair and
 * security group they use (bench/workloadsRepo.ts). It is planned against the simulated clouds
 * with an empty event log, as `stackshift plan --repo DIR` does (src/commands/plan.ts):
 * load + validate the directory, then planCommit (observe the destination over HTTP, the source's
 * images, the keypairs owned by the log; plan the infrastructure; decide every workload) and
 * render the text. The destination is fresh (the first plan of a migration: every infrastructure
 * resource to create, every workload's preflight to run). planCommit reads only the source's
 * images, so the source cloud is the default scenario's (it does not hold the 1,000 servers).
 * Each phase: median of 5 runs after a warm-up; the whole command is also run in-process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as planCommand } from '../src/commands/plan.js';
import { observeDestination, observeSourceImages } from '../src/executors/infra/observe.js';
import { desiredItems, planPolicy } from '../src/plan/desiredItems.js';
import { observedState } from '../src/plan/observedState.js';
import { planInfra } from '../src/plan/planInfra.js';
import { renderPlan } from '../src/plan/render/index.js';
import { loadValid, openRevision, readOnlyLog } from '../src/reconcile/commandSupport.js';
import { ownedByLog } from '../src/reconcile/inventory.js';
import { planCommit } from '../src/reconcile/planCommit.js';
import { kinds } from '../src/resources/index.js';
import { startSimulator } from '../src/simulator/index.js';
import { openClouds } from '../src/wiring.js';
import { previewFrom } from '../src/workflows/preview.js';
import { generateRepo } from './workloadsRepo.js';

const count = Number(process.env.PLAN_WORKLOADS_BENCH_SERVERS ?? 1000);
const TARGET_MS = 2000;
const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `${median(xs).toFixed(0)} ms (runs ${xs.map((x) => x.toFixed(0)).join(', ')})`;
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

const root = await mkdtemp(join(tmpdir(), 'stackshift-bench-planwl-'));
const sim = await startSimulator();
try {
  let t = performance.now();
  const repo = await generateRepo(join(root, 'repo'), { servers: count, waves: 4, pairs: 2 });
  console.log(`repository: ${count} workloads selected (4 waves, 2 windows, 2 pairs) among ${repo.counts.server} exported servers with ${repo.volumes.length} volumes; ${repo.counts.network} networks, ${repo.counts.subnet} subnets, ${repo.counts.flavor} flavors, ${repo.counts.keypair} keypairs, ${repo.counts.security_group} security groups, ${repo.counts.security_group_rule} rules (generated in ${(performance.now() - t).toFixed(0)} ms)`);
  const cloudsYaml = join(root, 'clouds.yaml');
  await sim.writeCloudsYaml(cloudsYaml);
  process.env.OS_CLIENT_CONFIG_FILE = cloudsYaml;
  const stateDir = join(root, 'state'); // no log yet: a first plan

  // Phases, as plan.ts runs them; clouds opened once (a warm-up run fetches tokens and catalogs).
  const load: number[] = [];
  const plan: number[] = [];
  const planCpu: number[] = [];
  const render: number[] = [];
  const total: number[] = [];
  const observe: number[] = [];
  const infra: number[] = [];
  const decide: number[] = [];
  let summary = '';
  let clouds: Awaited<ReturnType<typeof openClouds>> | undefined;
  try {
    for (let i = 0; i <= RUNS; i++) {
      globalThis.gc?.();
      t = performance.now();
      const { commit, reader } = await openRevision(repo.dir, undefined, stateDir);
      const { state } = await loadValid(commit, reader);
      const loadMs = performance.now() - t;
      clouds ??= await openClouds(state.config);
      t = performance.now();
      const cpu0 = process.cpuUsage();
      const planned = await planCommit(clouds, readOnlyLog(stateDir), state, commit, { now: Date.now() });
      const planMs = performance.now() - t;
      const planCpuMs = cpuMs(process.cpuUsage(cpu0));
      t = performance.now();
      const text = renderPlan(planned.plan, 'text');
      const renderMs = performance.now() - t;

      // The same work in its parts (what planCommit does inside), for where the time goes.
      const log = readOnlyLog(stateDir);
      t = performance.now();
      const [{ raw, projectId }, sourceImages, owned] = await Promise.all([
        observeDestination(kinds.all, clouds.destination, clouds.destinationAdmin),
        observeSourceImages(clouds.source, state.resources.image.map((r) => r.params.name)),
        ownedByLog(log),
      ]);
      const observeMs = performance.now() - t;
      t = performance.now();
      planInfra({ commit, desired: desiredItems(state, sourceImages), observed: observedState(raw, owned, projectId), policy: planPolicy(state.config), sourceImages });
      const infraMs = performance.now() - t;
      t = performance.now();
      const items = await previewFrom(log)(state, commit, Date.now());
      const decideMs = performance.now() - t;

      if (i === 0) {
        const p = planned.plan;
        const next = new Map<string, number>();
        for (const item of p.items) next.set(item.next.kind, (next.get(item.next.kind) ?? 0) + 1);
        summary = `plan: ${p.changes.length} infrastructure changes in ${p.steps.length} steps; ${p.items.length} workflow items (${[...next].map(([k, n]) => `${n} ${k}`).join(', ')}); ${items.length} decided; text ${(text.length / 1024).toFixed(0)} KiB`;
        const workloads = p.items.filter((x) => x.workflow === 'workload' && x.desired).length;
        if (workloads !== count) throw new Error(`the plan has ${workloads} desired workload items, expected ${count}`);
        console.log(`warm-up: load+validate ${loadMs.toFixed(0)} ms, planCommit ${planMs.toFixed(0)} ms, render ${renderMs.toFixed(0)} ms`);
        continue;
      }
      load.push(loadMs);
      plan.push(planMs);
      planCpu.push(planCpuMs);
      render.push(renderMs);
      total.push(loadMs + planMs + renderMs);
      observe.push(observeMs);
      infra.push(infraMs);
      decide.push(decideMs);
    }
  } finally {
    await clouds?.close();
  }
  console.log(summary);
  console.log(`load + validate the repository: ${fmt(load)}`);
  console.log(`plan computation (planCommit: observe + plan + decide the items): ${fmt(plan)}, ${median(planCpu).toFixed(0)} ms CPU (client and simulator share this process)`);
  console.log(`  in parts: observe destination + source images + log ${median(observe).toFixed(0)} ms; planInfra ${median(infra).toFixed(0)} ms; decide ${count} workloads (fold log + decideAll) ${median(decide).toFixed(0)} ms`);
  console.log(`render the text plan: ${fmt(render)}`);

  // The command itself, in-process: also opens the clouds (Keystone tokens) each time.
  const out = join(root, 'plan.txt');
  const command: number[] = [];
  const quiet = { out: () => undefined, err: () => undefined, interactive: false };
  for (let i = 0; i <= RUNS; i++) {
    t = performance.now();
    const code = await planCommand(['--repo', repo.dir, '--state', stateDir, '--out', out], quiet);
    if (code !== 2) throw new Error(`stackshift plan exited ${code}, expected 2 (changes planned)`);
    if (i > 0) command.push(performance.now() - t);
  }
  console.log(`stackshift plan --repo DIR (in-process, opens the clouds each time): ${fmt(command)}`);
  console.log(`peak rss: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  const headline = median(total);
  console.log(`plan ${count} workloads: ${headline.toFixed(0)} ms (target ≤ ${TARGET_MS} ms) ${headline <= TARGET_MS ? 'OK' : 'MISSED'}  [load+validate ${median(load).toFixed(0)} + planCommit ${median(plan).toFixed(0)} + render ${median(render).toFixed(0)}, medians of ${RUNS}]`);
} finally {
  await sim.close();
  await rm(root, { recursive: true, force: true });
}

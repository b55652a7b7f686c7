/**
 * `stackshift demo` (what `npm start` runs): the real daemon against simulated clouds. Starts
 * both clouds (the source seeded like example-repo/), makes a Git repository from example-repo/,
 * runs the daemon until the infrastructure has converged (a commit pass applied, then a drift
 * pass that finds nothing to do), prints what happened and how to look at it, and exits 0.
 * With --follow it keeps following the repository until Ctrl-C.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseVerbArgs } from '../cli/args.js';
import { makeDemoRepo } from '../daemon/demoRepo.js';
import { demoBmcs } from '../daemon/demoBmcs.js';
import { demoSummary } from '../daemon/demoSummary.js';
import type { DaemonLoop, PassRecord } from '../daemon/loop.js';
import { reconcileRuntime } from '../daemon/reconcileRuntime.js';
import { runDaemon } from '../daemon/runDaemon.js';
import { abortOnSignals } from '../daemon/signals.js';
import { codes, StackshiftError } from '../errors.js';
import { exampleRepoDir } from '../paths.js';
import type { Output } from '../ports.js';
import { startSimulator } from '../simulator/index.js';
import { conversionDevicesDir } from '../simulator/devices/conversionDevices.js';
import { startDemoConversionHosts } from '../daemon/demoConversionHosts.js';
import { systemClock } from '../wiring.js';

const usage = `usage: stackshift demo [--state DIR] [--follow] [--listen 127.0.0.1:8080] [--timeout 5m]

Runs the daemon against two simulated clouds on this machine: the source cloud holds the
acme-shop project of example-repo/, the destination starts empty. Exits once the destination
has converged, printing what was created and how to inspect the event log.

  --state DIR   keep the event log in DIR (default: a new temporary directory)
  --follow      keep following the demo repository after converging (Ctrl-C to stop)
  --listen ADDR serve the migration board and its API there (e.g. 127.0.0.1:8080; port 0 picks one)
  --timeout 5m  give up (exit 1) when not converged by then`;

const maxFailedPasses = 5;

export async function run(argv: string[], output: Output): Promise<number> {
  const { values } = parseVerbArgs('demo', argv, {
    state: { type: 'string' }, listen: { type: 'string' }, follow: { type: 'boolean', default: false }, timeout: { type: 'string', default: '5m' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    output.out(usage);
    return 0;
  }
  const { parseDuration } = await import('../daemon/duration.js');
  const timeoutMs = parseDuration(values.timeout, '--timeout');
  const { parseListen } = await import('../daemon/server.js');
  const listen = values.listen ? parseListen(values.listen) : undefined;
  const work = await mkdtemp(join(tmpdir(), 'stackshift-demo-'));
  const stateDir = resolve(values.state ?? join(work, 'state'));
  const say = (line: string) => output.err(`demo: ${line}`);

  say('starting the simulated clouds (source: acme-shop as in example-repo/, destination: empty)');
  const devices = join(work, 'devices');
  const simulator = await startSimulator({ deviceRoot: devices });
  const cloudsYaml = join(work, 'clouds.yaml');
  await simulator.writeCloudsYaml(cloudsYaml);
  const env = { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml };
  const conversion = await startDemoConversionHosts({
    exampleDir: exampleRepoDir(), workDir: work,
    devicesDir: { source: conversionDevicesDir(simulator.cloud('source')), destination: conversionDevicesDir(simulator.cloud('destination')) },
  }).catch(async (err: unknown) => {
    await simulator.close();
    throw err;
  });
  say(`conversion hosts: ${conversion.fleet.hosts.map((h) => `${h.server} on ${h.address}:${h.port}`).join(', ')} (in-process SSH)`);
  const bmcs = demoBmcs({ source: simulator.cloud('source'), workDir: work, say });
  const repo = await makeDemoRepo(exampleRepoDir(), {
    parent: work,
    edit: async (dir) => {
      await conversion.editRepo(dir);
      await bmcs.editRepo(dir);
    },
  });
  Object.assign(env, bmcs.env);
  say(`desired-state repository ${repo.dir} (commit ${repo.commit.slice(0, 7)}); state in ${stateDir}`);

  const log = (line: string) => say(line);
  const runtime = await reconcileRuntime({ stateDir, clock: systemClock, output, log, env }).catch(async (err: unknown) => {
    await conversion.fleet.stop();
    await simulator.close();
    throw err;
  });
  const stop = new AbortController();
  const dispose = abortOnSignals(stop, { onForce: () => process.exit(130) });
  const timer = setTimeout(() => stop.abort(new StackshiftError(codes.TIMEOUT, 'the demo did not converge in time')), timeoutMs);
  let converged = false;
  let failed = 0;
  let problem: string | undefined;
  // Workloads and nodes settle after the infrastructure: wait out retries (not windows: the demo's are open).
  const settleStop = new AbortController();
  const settle = async () => {
    for (;;) {
      const snapshot = await runtime.workflows.settled();
      const until = snapshot.items.flatMap((i) => (i.decision.kind === 'wait' && i.decision.until !== undefined ? [i.decision.until] : []));
      if (until.length === 0 || settleStop.signal.aborted) return snapshot;
      await systemClock.sleep(Math.max(0, Math.min(...until) - systemClock.now()) + 100, settleStop.signal).catch(() => undefined);
    }
  };
  const summary = async () => demoSummary({
    store: runtime.store, stateDir, repoDir: repo.dir, commit: repo.commit, items: (await settle()).items,
    ...(values.follow ? { liveClouds: { cloudsYaml } } : {}),
  });
  const onPass = async (record: PassRecord, loop: DaemonLoop): Promise<void> => {
    const result = record.outcome?.result;
    if (record.reason !== 'drift' && (result === 'applied' || result === 'unchanged')) {
      say(`commit ${record.commit.slice(0, 7)} ${result} (${record.outcome?.changes ?? 0} changes); checking for drift`);
      loop.poke({ drift: true });
    } else if (record.reason === 'drift' && result === 'unchanged') {
      if (!converged) {
        say('converged: a drift pass found nothing left to do');
        if (values.follow) {
          output.out(await summary());
          say(`following ${repo.dir}: commit there to change the destination (Ctrl-C to stop).`);
        }
      }
      converged = true;
      clearTimeout(timer);
      if (!values.follow) stop.abort();
    } else if (record.reason === 'drift' && result === 'applied') {
      loop.poke({ drift: true });
    } else if (result === 'rejected') {
      problem = `commit ${record.commit.slice(0, 7)} was rejected: the example repository does not validate`;
      if (!values.follow) stop.abort();
    } else if (result === 'failed' || record.error) {
      failed++;
      say(`pass failed (${record.error ?? `${record.outcome?.failedSteps ?? 0} failed steps`}); retrying`);
      if (failed >= maxFailedPasses && !values.follow) {
        problem = `${failed} passes failed in a row`;
        stop.abort();
      } else if (record.reason === 'drift') loop.poke({ drift: true }); // a failed commit pass is retried by the next poll
    }
  };

  try {
    await runDaemon(
      { repo: repo.dir, stateDir, pollIntervalMs: values.follow ? 5_000 : 1_000, driftIntervalMs: values.follow ? 60_000 : 0, ...(listen ? { listen } : {}) },
      {
        ...runtime, onPass, env,
        onStarted: ({ url }) => {
          if (url) say(`the migration board: ${url}/ (API: ${url}/api/status, events: ${url}/api/stream)`);
        },
      },
      stop.signal,
    );
    if (values.follow) return 0;
    if (!converged) {
      const reason = problem ?? (stop.signal.reason instanceof Error ? stop.signal.reason.message : 'stopped before converging');
      say(`${reason}; the event log in ${stateDir} shows what happened`);
      return 1;
    }
    output.out(await summary());
    return 0;
  } finally {
    clearTimeout(timer);
    dispose();
    await runtime.close();
    await conversion.fleet.stop();
    await simulator.close();
  }
}

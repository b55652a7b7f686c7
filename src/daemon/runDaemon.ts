/**
 * Puts a daemon together from its parts: the event log in the state dir, the Git source, the
 * loop, the HTTP server and the shutdown signal. Shared by `stackshift daemon` (until a signal)
 * and `stackshift demo` (until converged). What a pass needs (OpenStack clients...) comes from
 * `makeDeps`, so this file knows nothing about clouds and is tested with a fake pass.
 */
import { join } from 'node:path';
import type { EventStore } from '../events/store.js';
import type { Clock } from '../ports.js';
import { openGitSource, type GitSource } from '../source/gitSource.js';
import { createDaemonLoop, type DaemonLoop, type PassRecord } from './loop.js';
import type { PassFunction } from './passContract.js';
import { startDaemonServer, type DaemonServer } from './server.js';
import { statusView } from './statusView.js';
import { statusCheckpointPath } from '../status/checkpoint.js';
import { followStatus } from '../status/loadStatus.js';
import type { DaemonMetrics } from '../metrics/daemonMetrics.js';
import type { LogLine } from '../log/lineLog.js';
import { createWriteBack, type WriteBackConfig } from '../writeback/writeBack.js';
import type { ItemView } from '../workflows/decideAll.js';
import { BoardProjection } from '../web/boardProjection.js';

export interface DaemonConfig {
  repo: string;
  branch?: string;
  stateDir: string;
  pollIntervalMs: number;
  /** 0 disables periodic drift passes. */
  driftIntervalMs: number;
  listen?: { host: string; port: number };
  webhookSecret?: Uint8Array;
  /** Git notes (and a commit status) after each pass; see src/writeback/. */
  writeBack?: WriteBackConfig;
  /** Allows operator (non-GET) requests with this bearer token; without it the API is read-only. */
  operatorToken?: Uint8Array;
}

export interface DaemonRuntime<D> {
  clock: Clock;
  log: LogLine;
  env?: NodeJS.ProcessEnv;
  store: EventStore;
  pass: PassFunction<D>;
  /** Builds the pass dependencies for a commit (e.g. clients of the clouds it names). */
  makeDeps: (input: { store: EventStore; source: GitSource; commit: string }) => Promise<D>;
  onPass?: (record: PassRecord, loop: DaemonLoop) => void | Promise<void>;
  onStarted?: (info: { loop: DaemonLoop; source: GitSource; url: string | undefined }) => void;
  random?: () => number;
  /** Told of every pass; with `listen`, its estate gauges read the status projection and GET /metrics serves it. */
  metrics?: DaemonMetrics;
  /** The workflow runner's items (waves, decisions) for the board; the log alone has no waves. */
  items?: () => readonly ItemView[];
}

export async function runDaemon<D>(config: DaemonConfig, runtime: DaemonRuntime<D>, signal: AbortSignal): Promise<DaemonLoop> {
  const { store, clock, log } = runtime;
  const source = await openGitSource({
    repo: config.repo, workDir: join(config.stateDir, 'git'),
    ...(config.branch ? { branch: config.branch } : {}), ...(runtime.env ? { env: runtime.env } : {}),
  });
  // The pass gets deps made for the commit it runs on; the loop's signal is passed through.
  const pass: PassFunction<Record<never, never>> = async (deps, input) => {
    const made = await runtime.makeDeps({ store, source, commit: input.commit });
    return runtime.pass({ ...made, ...(deps.signal ? { signal: deps.signal } : {}) }, input);
  };
  const writeBack = config.writeBack && createWriteBack({ ...config.writeBack, source, store, clock, log });
  let loop: DaemonLoop | undefined;
  loop = createDaemonLoop({
    source, pass, deps: {}, store, clock, log,
    pollIntervalMs: config.pollIntervalMs, driftIntervalMs: config.driftIntervalMs,
    ...(runtime.random ? { random: runtime.random } : {}),
    onPass: async (record) => {
      runtime.metrics?.passFinished(record);
      await writeBack?.(record);
      if (loop) await runtime.onPass?.(record, loop);
    },
  });
  let server: DaemonServer | undefined;
  const following = new AbortController();
  const stopFollowing = () => following.abort();
  signal.addEventListener('abort', stopFollowing, { once: true });
  if (config.listen) {
    const current = loop;
    // The status projection, kept current from the log while the daemon runs.
    const projection = await followStatus(store, { signal: following.signal, checkpointPath: statusCheckpointPath(config.stateDir) });
    projection.done.catch((err: unknown) => log(`status projection stopped: ${err instanceof Error ? err.message : String(err)}`, { level: 'error' }));
    if (runtime.metrics) runtime.metrics.sources.status = () => projection.model;
    const board = await BoardProjection.follow(store, { signal: following.signal, ...(runtime.items ? { items: runtime.items } : {}) });
    board.done.catch((err: unknown) => log(`board projection stopped: ${err instanceof Error ? err.message : String(err)}`, { level: 'error' }));
    server = await startDaemonServer({
      ...config.listen, log,
      web: { store, board: board.board },
      ...(config.webhookSecret ? { webhookSecret: config.webhookSecret } : {}),
      ...(config.operatorToken ? { operatorToken: config.operatorToken } : {}),
      ...(runtime.metrics ? { metrics: runtime.metrics.page } : {}),
      onWebhook: (hook) => {
        log(`webhook from ${hook.provider}${hook.event ? ` (${hook.event})` : ''}: checking ${source.branch}`, { provider: hook.provider, hookEvent: hook.event, branch: source.branch });
        current.poke();
      },
      status: () => statusView(projection.model, current.status()),
    });
    log(`listening on ${server.url} (the board at /, GET /api/status, /api/stream, /metrics, /healthz, /status, POST /hooks/git)`, { url: server.url });
  }
  runtime.onStarted?.({ loop, source, url: server?.url });
  log(`following ${source.label} branch ${source.branch}`, { repo: source.label, branch: source.branch });
  try {
    await loop.run(signal);
  } finally {
    following.abort();
    signal.removeEventListener('abort', stopFollowing);
    await server?.close();
  }
  return loop;
}

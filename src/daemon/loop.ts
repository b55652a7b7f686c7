/**
 * The daemon loop: level-triggered on the head of the tracked branch (as Flux is on a source
 * revision). It polls on a jittered interval, wakes early when poked (webhook), runs exactly one
 * pass at a time (a poke during a pass queues one more check, coalesced), re-plans the last good
 * commit periodically to correct drift, and on start resumes from the event log (a resume pass
 * of the head, applied or not, so the workflow runner picks up where it stopped).
 *
 * Commit bookkeeping:
 *   current   last good commit (applied or already in place); drift passes re-plan it
 *   settled   last head a commit pass settled (applied, unchanged or rejected): not re-run
 * A rejected commit is settled but never becomes current, so the daemon keeps serving the last
 * good one until the branch moves on. A failed pass settles nothing: the next poll retries.
 */
import type { EventStore } from '../events/store.js';
import type { Clock } from '../ports.js';
import type { RepoReader } from '../source/repoReader.js';
import type { LogLine } from '../log/lineLog.js';
import type { PassFunction, PassOutcome, PassReason } from './passContract.js';
import { emptyResumePoint, readResumePoint, type ResumePoint } from './resumePoint.js';

export interface LoopSource {
  readonly label: string;
  readonly branch: string;
  sync(): Promise<string>;
  reader(commit: string): RepoReader;
  /** When present, commit passes log which files changed since the current commit. */
  changedPaths?(oldCommit: string | null, newCommit: string): Promise<Array<{ path: string; change: string }>>;
}

export interface DaemonLoopOptions<D> {
  source: LoopSource;
  pass: PassFunction<D>;
  deps: D;
  store: Pick<EventStore, 'readAll'> & Partial<Pick<EventStore, 'readStream' | 'streamNames'>>;
  clock: Clock;
  pollIntervalMs: number;
  /** 0 disables periodic drift passes. */
  driftIntervalMs: number;
  /** Pokes (webhooks) check the branch at most this often (default 1 s), so a flood of hooks is not a flood of fetches. */
  minPokeIntervalMs?: number;
  /** Up to this fraction of an interval is added at random, to spread load (default 0.1). */
  jitter?: number;
  random?: () => number;
  log?: LogLine;
  /** Awaited after every pass (also after one that threw: then `error` is set). */
  onPass?: (record: PassRecord) => void | Promise<void>;
}

export interface PassRecord {
  reason: PassReason;
  commit: string;
  startedAt: number;
  finishedAt: number;
  outcome?: PassOutcome;
  error?: string;
}

export interface DaemonStatus {
  repo: string;
  branch: string;
  head: string | null;
  current: string | null;
  settled: string | null;
  running: { reason: PassReason; commit: string; since: number } | null;
  lastPass: PassRecord | null;
  passes: number;
  lastError: string | null;
  nextPollAt: number | null;
  nextDriftAt: number | null;
}

export interface DaemonLoop {
  /** Runs until the signal aborts; the pass in flight gets the same signal. */
  run(signal: AbortSignal): Promise<void>;
  /** Check the branch as soon as possible (`drift: true`: also re-plan the current commit). */
  poke(options?: { drift?: boolean }): void;
  status(): DaemonStatus;
}

export function createDaemonLoop<D>(options: DaemonLoopOptions<D>): DaemonLoop {
  const { source, clock } = options;
  const log = options.log ?? (() => undefined);
  const random = options.random ?? Math.random;
  const jitter = options.jitter ?? 0.1;
  const jittered = (ms: number) => ms + Math.floor(random() * ms * jitter);
  const state: DaemonStatus = {
    repo: source.label, branch: source.branch, head: null, current: null, settled: null, running: null,
    lastPass: null, passes: 0, lastError: null, nextPollAt: null, nextDriftAt: null,
  };
  let resume: ResumePoint = emptyResumePoint();
  let wakeCheck = false;
  let wakeDrift = false;
  let wake: AbortController | undefined;
  let lastCheckAt = -Infinity;
  const minPokeInterval = options.minPokeIntervalMs ?? 1000;

  async function runPass(commit: string, reason: PassReason, signal: AbortSignal): Promise<PassOutcome | undefined> {
    const startedAt = clock.now();
    state.running = { reason, commit, since: startedAt };
    log(`${reason} pass for ${commit.slice(0, 7)} started`, { reason, commit });
    const record: PassRecord = { reason, commit, startedAt, finishedAt: startedAt };
    try {
      record.outcome = await options.pass({ ...options.deps, signal }, { commit, reader: source.reader(commit), reason });
      const o = record.outcome;
      log(`${reason} pass for ${commit.slice(0, 7)}: ${o.result} (${o.changes} changes, ${o.failedSteps} failed steps)`, {
        level: o.result === 'failed' ? 'error' : 'info', reason, commit, result: o.result, changes: o.changes, failedSteps: o.failedSteps, durationMs: clock.now() - startedAt,
      });
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
      state.lastError = record.error;
      log(`${reason} pass for ${commit.slice(0, 7)} failed: ${record.error}`, { level: 'error', reason, commit, error: record.error, durationMs: clock.now() - startedAt });
    }
    record.finishedAt = clock.now();
    state.running = null;
    state.lastPass = record;
    state.passes++;
    settle(commit, reason, record.outcome);
    await options.onPass?.(record);
    return record.outcome;
  }

  function settle(commit: string, reason: PassReason, outcome: PassOutcome | undefined): void {
    const result = outcome?.result;
    if (result === 'applied' || result === 'unchanged') {
      state.current = commit;
      if (reason !== 'drift') state.settled = commit;
      state.lastError = null;
    } else if (result === 'rejected' && reason !== 'drift') state.settled = commit;
  }

  async function sync(): Promise<string | undefined> {
    try {
      state.head = await source.sync();
      return state.head;
    } catch (err) {
      state.lastError = err instanceof Error ? err.message : String(err);
      log(`cannot read ${source.label}: ${state.lastError}; retrying on the next poll`, { level: 'warn', repo: source.label, error: state.lastError });
      return undefined;
    }
  }

  async function checkHead(signal: AbortSignal, known?: string): Promise<void> {
    const head = known ?? (await sync());
    if (head === undefined || head === state.settled || signal.aborted) return;
    if (state.current && source.changedPaths) {
      const changed = await source.changedPaths(state.current, head).catch(() => undefined);
      if (changed) {
        const shown = changed.slice(0, 5).map((c) => `${c.change} ${c.path}`).join(', ');
        log(`${head.slice(0, 7)}: ${changed.length} file(s) changed since ${state.current.slice(0, 7)}${changed.length ? `: ${shown}${changed.length > 5 ? ', ...' : ''}` : ''}`, {
          commit: head, since: state.current, changedFiles: changed.length,
        });
      }
    }
    // After a crash the first pass is a resume; after that, new heads are plain commits.
    const interrupted = resume.inFlight !== null;
    resume.inFlight = null;
    await runPass(head, interrupted ? 'resume' : 'commit', signal);
  }

  async function start(signal: AbortSignal): Promise<void> {
    resume = await readResumePoint(options.store);
    state.current = resume.lastApplied;
    state.settled = resume.lastApplied;
    if (resume.lastApplied) log(`resuming: last applied commit ${resume.lastApplied.slice(0, 7)}`, { commit: resume.lastApplied });
    lastCheckAt = clock.now();
    const head = await sync();
    if (head === undefined) return;
    if (resume.rejected.has(head) && head !== resume.lastApplied) {
      state.settled = head;
      log(`head ${head.slice(0, 7)} was rejected before; keeping ${resume.lastApplied?.slice(0, 7) ?? 'nothing'} until the branch moves on`, { level: 'warn', commit: head, current: resume.lastApplied });
      return;
    }
    // The head is applied already: pass it once more as a resume, because workloads and nodes
    // are moved by the workflow runner, which learns the desired state from passes (and an
    // interrupted drift correction is finished the same way). Level-triggered, so it redoes nothing.
    if (head === resume.lastApplied) {
      state.settled = null;
      resume.inFlight = head;
    }
    await checkHead(signal, head);
  }

  async function sleepUntil(at: number, signal: AbortSignal): Promise<void> {
    const ms = at - clock.now();
    if (ms <= 0 || wakeCheck || wakeDrift) return;
    wake = new AbortController();
    try {
      await clock.sleep(ms, AbortSignal.any([signal, wake.signal]));
    } catch {
      // woken early by poke() or stopped: the loop condition decides
    } finally {
      wake = undefined;
    }
  }

  return {
    status: () => ({ ...state, running: state.running && { ...state.running } }),
    poke(opts = {}) {
      if (opts.drift) wakeDrift = true;
      else wakeCheck = true;
      wake?.abort();
    },
    async run(signal) {
      await start(signal);
      state.nextPollAt = clock.now() + jittered(options.pollIntervalMs);
      state.nextDriftAt = options.driftIntervalMs > 0 ? clock.now() + jittered(options.driftIntervalMs) : null;
      while (!signal.aborted) {
        const now = clock.now();
        if (wakeCheck || now >= state.nextPollAt) {
          if (now < state.nextPollAt && now - lastCheckAt < minPokeInterval) {
            await clock.sleep(lastCheckAt + minPokeInterval - now, signal).catch(() => undefined);
            continue;
          }
          wakeCheck = false;
          lastCheckAt = clock.now();
          await checkHead(signal);
          state.nextPollAt = clock.now() + jittered(options.pollIntervalMs);
        } else if (wakeDrift || (state.nextDriftAt !== null && now >= state.nextDriftAt)) {
          wakeDrift = false;
          if (state.current) await runPass(state.current, 'drift', signal);
          if (options.driftIntervalMs > 0) state.nextDriftAt = clock.now() + jittered(options.driftIntervalMs);
        } else {
          await sleepUntil(Math.min(state.nextPollAt, state.nextDriftAt ?? Infinity), signal);
        }
      }
      log('stopped');
    },
  };
}

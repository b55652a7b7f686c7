/**
 * The workflow runner: lives as long as the daemon (or one `apply`), and moves every workload
 * and node forward in the background. A pass hands it the desired state with `update` and gets
 * control back at once; the runner decides every item (decideAll), records each new wait or
 * block once, and starts the steps that may run within their slots. When a step ends it decides
 * again at once; when a wait has a deadline (a window opens, a backoff ends) it wakes itself then.
 *
 * A step holds an AbortSignal: an item that is deselected while its step runs is aborted (the
 * step checkpoints, then decide plans the way back), and `stop` (SIGTERM) aborts all steps and
 * waits for them to record where they stopped. Appends use the item's stream version, so two
 * runners can never both advance one item.
 */
import type { DesiredState } from '../desired/model.js';
import { codes, errorEventData, isStackshiftError } from '../errors.js';
import type { EventStore } from '../events/store.js';
import type { Clock } from '../ports.js';
import type { Activity, Decision } from './decision.js';
import { decideAll, type ItemView } from './decideAll.js';
import { backoffMs } from './decideItem.js';
import { ItemFolds } from './itemFolds.js';
import type { AnyWorkflowModule } from './module.js';
import { Slots } from './slots.js';
import { noticeOf, sameNotice } from './notice.js';
import { previewFrom, type ItemPreview } from './preview.js';
import { unlimitedBandwidth, type BandwidthBudget } from './bandwidth.js';

/** An item's wave as event data (none for items outside waves: detached volumes, nodes). */
const waveOf = (view: { wave?: number }): { wave?: number } => (view.wave !== undefined ? { wave: view.wave } : {});

export interface RunnerTarget<P> {
  commit: string;
  state: DesiredState;
  ports: P;
}

export interface RunnerSnapshot {
  items: ItemView[];
  running: Array<{ stream: string; activity: string; since: number }>;
  /** When the runner next wakes by itself (a wait's deadline), if any. */
  nextWakeAt?: number;
}

export interface WorkflowRunner<P> {
  update(target: RunnerTarget<P>): Promise<RunnerSnapshot>;
  /**
   * Resolves once no step runs and none can start now (only waits, blocks and dones remain).
   * With `retriesWithinMs`, a failed step whose backoff ends within that time is waited for and
   * retried first, so a one-shot apply is not ended by one transient error.
   */
  settled(options?: { retriesWithinMs?: number }): Promise<RunnerSnapshot>;
  snapshot(): RunnerSnapshot;
  /** Decides without acting, from the runner's own folds (for the plan of a pass). */
  preview: ItemPreview;
  /** Aborts the steps in flight, waits for them to record where they stopped, and stops waking. */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  modules: readonly AnyWorkflowModule[];
  store: EventStore;
  clock: Clock;
  /** Steps that may hold a slot key at once (default 1). */
  slotLimit?: (slot: string) => number;
  /** The transfer budget all steps share (default: unlimited). */
  bandwidth?: () => BandwidthBudget;
  log?: (line: string) => void;
}

interface Running {
  controller: AbortController;
  activity: Activity;
  since: number;
  done: Promise<void>;
}

export function createWorkflowRunner<P>(options: RunnerOptions): WorkflowRunner<P> {
  const { modules, store, clock } = options;
  const log = options.log ?? (() => undefined);
  const folds = new ItemFolds(store, modules);
  const slots = new Slots(options.slotLimit ?? (() => 1));
  const running = new Map<string, Running>();
  const unlimited = unlimitedBandwidth();
  const moduleOf = (stream: string) => modules.find((m) => stream.startsWith(m.streamPrefix))!;
  let target: RunnerTarget<P> | undefined;
  let last: RunnerSnapshot = { items: [], running: [] };
  let stopping = false;
  let ticking: Promise<void> | undefined;
  let again = false;
  let wakeAt: number | undefined;
  let wakeTimer: AbortController | undefined;
  // A step that ends while a tick runs may have been decided from folds read before its last
  // facts: such an item is left to the next tick (which its end asks for) instead of restarted.
  let endings = 0;
  const endedAt = new Map<string, number>();

  async function append(stream: string, events: Array<{ type: string; data: Record<string, unknown> }>, commit: string): Promise<void> {
    const expected = folds.get(stream)?.version ?? -1;
    await store.append(stream, events.map((e) => ({ ...e, commit })), { expectedVersion: expected < 0 ? 'no_stream' : expected });
    await folds.catchUp();
  }

  function start(view: ItemView, decision: Extract<Decision<Activity>, { kind: 'run' }>, t: RunnerTarget<P>): void {
    const module = moduleOf(view.stream);
    const controller = new AbortController();
    const { activity, slot } = decision;
    const startedAt = clock.now();
    const attempt = (folds.get(view.stream)?.failure?.activity === activity.type ? folds.get(view.stream)!.failure!.attempts : 0) + 1;
    const entry: Running = { controller, activity, since: startedAt, done: Promise.resolve() };
    running.set(view.stream, entry);
    entry.done = (async () => {
      const E = module.entity;
      try {
        // The wave rides along so the log alone can show the migration per wave (stackshift status).
        await append(view.stream, [{ type: `${E}ActivityStarted`, data: { activity: activity.type, title: activity.title, attempt, ...waveOf(view) } }], t.commit);
        await module.execute(activity, {
          id: view.id, desired: view.spec, signal: controller.signal, commit: t.commit, clock, ports: t.ports, log,
          bandwidth: options.bandwidth?.() ?? unlimited,
          state: () => folds.get(view.stream)!.domain,
          record: (events) => append(view.stream, events, t.commit),
        });
        await append(view.stream, [{ type: `${E}ActivityCompleted`, data: { activity: activity.type, durationMs: clock.now() - startedAt } }], t.commit);
      } catch (err) {
        await recordFailure(view, activity, attempt, err, controller.signal, t.commit).catch((e: unknown) => log(`${view.stream}: cannot record the end of ${activity.type}: ${String(e)}`));
      } finally {
        endedAt.set(view.stream, ++endings);
        running.delete(view.stream);
        slots.release(slot);
        if (!stopping) void tick();
      }
    })();
  }

  async function recordFailure(view: ItemView, activity: Activity, attempt: number, err: unknown, signal: AbortSignal, commit: string): Promise<void> {
    const E = moduleOf(view.stream).entity;
    if (isStackshiftError(err) && err.code === codes.WRONG_EXPECTED_VERSION) {
      log(`${view.stream}: another runner moved this item; stopping ${activity.type}`);
      await folds.catchUp();
      return;
    }
    if (signal.aborted) {
      await append(view.stream, [{ type: `${E}ActivityStopped`, data: { activity: activity.type, reason: stopping ? 'shutdown' : 'cancelled' } }], commit);
      return;
    }
    const error = errorEventData(err);
    const retry = error.retry as string;
    const retryAt = retry === 'never' ? undefined : clock.now() + (typeof error.requeueAfterMs === 'number' ? error.requeueAfterMs : backoffMs(attempt));
    log(`${view.stream}: ${activity.title} failed: ${String(error.message)}${retryAt ? `; retrying at ${new Date(retryAt).toISOString()}` : ''}`);
    await append(view.stream, [{ type: `${E}ActivityFailed`, data: { activity: activity.type, title: activity.title, attempt, error, ...(retryAt ? { retryAt } : {}) } }], commit);
  }

  async function tickOnce(): Promise<void> {
    const t = target;
    if (!t || stopping) return;
    const seen = endings;
    await folds.catchUp();
    const now = clock.now();
    const items = decideAll({ modules, state: t.state, items: folds.all(), known: folds.streams(), now, commit: t.commit });
    for (const view of items) {
      const inFlight = running.get(view.stream);
      if (inFlight) {
        if (!view.desired && !inFlight.controller.signal.aborted) {
          log(`${view.stream}: no longer desired; stopping ${inFlight.activity.type}`);
          inFlight.controller.abort();
        }
        continue;
      }
      const d = view.decision;
      if ((endedAt.get(view.stream) ?? 0) > seen) continue;
      if (d.kind === 'run') {
        if (slots.tryTake(d.slot)) start(view, d, t);
        continue;
      }
      const notice = noticeOf(d);
      if (!sameNotice(folds.get(view.stream)?.notice, notice)) {
        const E = moduleOf(view.stream).entity;
        const type = d.kind === 'wait' ? `${E}Waiting` : d.kind === 'blocked' ? `${E}Blocked` : `${E}Done`;
        const data = { ...(d.kind === 'blocked' ? { reason: d.reason, fix: d.fix } : d.kind === 'wait' && d.until !== undefined ? { reason: d.reason, until: d.until } : { reason: d.reason }), ...waveOf(view) };
        await append(view.stream, [{ type, data }], t.commit).catch((e: unknown) => log(`${view.stream}: cannot record ${type}: ${String(e)}`));
      }
    }
    const deadlines = items.flatMap((v) => (v.decision.kind === 'wait' && v.decision.until !== undefined && !running.has(v.stream) ? [v.decision.until] : []));
    scheduleWake(deadlines.length > 0 ? Math.min(...deadlines) : undefined);
    last = snapshotOf(items);
  }

  /** The earliest backoff that ends within `withinMs` from now, if any. */
  function nextRetry(items: ItemView[], withinMs: number): number | undefined {
    const limit = clock.now() + withinMs;
    const due = items.flatMap((v) => (v.decision.kind === 'wait' && v.decision.retry && v.decision.until !== undefined && v.decision.until <= limit ? [v.decision.until] : []));
    return due.length > 0 ? Math.min(...due) : undefined;
  }

  function snapshotOf(items: ItemView[]): RunnerSnapshot {
    return {
      items,
      running: [...running.entries()].map(([stream, r]) => ({ stream, activity: r.activity.title, since: r.since })),
      ...(wakeAt !== undefined ? { nextWakeAt: wakeAt } : {}),
    };
  }

  function scheduleWake(at: number | undefined): void {
    if (at === wakeAt) return;
    wakeTimer?.abort();
    wakeTimer = undefined;
    wakeAt = at;
    if (at === undefined || stopping) return;
    const timer = new AbortController();
    wakeTimer = timer;
    clock.sleep(Math.max(0, at - clock.now()), timer.signal).then(
      () => {
        if (wakeTimer === timer) {
          wakeAt = undefined;
          void tick();
        }
      },
      () => undefined,
    );
  }

  /** One tick at a time; a tick asked for while one runs is coalesced into one more. */
  function tick(): Promise<void> {
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = (async () => {
      try {
        do {
          again = false;
          await tickOnce();
        } while (again && !stopping);
      } catch (err) {
        log(`workflow runner: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        ticking = undefined;
      }
    })();
    return ticking;
  }

  return {
    async update(next) {
      target = next;
      await tick();
      return snapshotOf(last.items);
    },
    async settled(options = {}) {
      for (;;) {
        await tick();
        if (running.size === 0) {
          const retryAt = nextRetry(last.items, options.retriesWithinMs ?? 0);
          if (retryAt === undefined || stopping) return snapshotOf(last.items);
          await clock.sleep(Math.max(0, retryAt - clock.now()));
          continue;
        }
        await Promise.race([...running.values()].map((r) => r.done));
      }
    },
    snapshot: () => snapshotOf(last.items),
    preview: previewFrom(store, modules, folds),
    async stop() {
      stopping = true;
      scheduleWake(undefined);
      for (const r of running.values()) r.controller.abort();
      await Promise.allSettled([...running.values()].map((r) => r.done));
      await ticking;
    },
  };
}

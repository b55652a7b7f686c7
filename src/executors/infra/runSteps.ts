/**
 * Runs a plan's step DAG against the destination: independent steps concurrently within a
 * bound, each step's start and outcome appended to the event log (stream
 * `resource:<kind>/<key>`, naming the commit). A failed step skips its dependents; others go on.
 * Transient cloud errors (5xx, 409 busy, connection) retry the whole step, which is idempotent.
 * An abort stops launching steps; those in flight finish, except that a data copy in flight
 * (an image) is interrupted and recorded as StepStopped, so a stop never waits for gigabytes.
 */
import { errorEventData, isStackshiftError } from '../../errors.js';
import { resourceEvent, type ErrorData } from '../../events/catalog.js';
import type { EventStore, NewEvent } from '../../events/store.js';
import type { Step } from '../../plan/model.js';
import type { Clock } from '../../ports.js';
import type { StepContext, StepOutcome } from './context.js';
import { executeStep } from './executeStep.js';
import { kinds as registry, type KindRegistry } from '../../resources/index.js';
import type { ResourceKindDef } from '../../resources/types.js';

/** At most this many steps go in one bulk request (Neutron takes any number; a smaller request fails less at once). */
const BATCH_LIMIT = 50;

export interface RunStepsOptions {
  steps: Step[];
  commit: string;
  store: EventStore;
  ctx: StepContext;
  clock: Clock;
  concurrency?: number;
  signal?: AbortSignal;
  /** Attempts per step for transient errors (default 4). */
  attempts?: number;
  onStepStarted?: (step: Step) => void;
  onStepFinished?: (step: Step, ok: boolean) => void;
  /** The kinds whose executors run (default: every registered kind). */
  kinds?: KindRegistry;
}

export interface FailedStep {
  step: string;
  error: Record<string, unknown>;
}

export interface RunStepsResult {
  completed: number;
  failed: FailedStep[];
  /** Not run because a step they depend on failed, or because of an abort. */
  skipped: string[];
  stopped: boolean;
}

/**
 * How much work hangs on each step: its own cost plus the costliest chain of steps waiting for
 * it (the critical path from it to the end of the plan).
 */
function chainCosts(steps: Step[], dependents: Map<string, Step[]>, cost: (s: Step) => number): Map<string, number> {
  const memo = new Map<string, number>();
  const visit = (s: Step): number => {
    const known = memo.get(s.id);
    if (known !== undefined) return known;
    memo.set(s.id, cost(s)); // a cycle (never planned) cannot recurse forever
    const chain = cost(s) + Math.max(0, ...(dependents.get(s.id) ?? []).map(visit));
    memo.set(s.id, chain);
    return chain;
  };
  for (const s of steps) visit(s);
  return memo;
}

export function resourceStream(step: Pick<Step, 'kind' | 'key'>): string {
  return `resource:${step.kind}/${step.key}`;
}


function transient(err: unknown): boolean {
  return isStackshiftError(err) && (err.retry === 'backoff' || err.retry === 'later');
}

export async function runSteps(options: RunStepsOptions): Promise<RunStepsResult> {
  const { steps, commit, store, clock } = options;
  const ctx: StepContext = { ...options.ctx, plannedSteps: steps, madeFor: options.ctx.madeFor ?? new Map() };
  const kinds = options.kinds ?? registry;
  const limit = Math.max(1, options.concurrency ?? 4);
  const attempts = options.attempts ?? 4;
  const waiting = new Map(steps.map((s) => [s.id, new Set(s.dependsOn.filter((d) => steps.some((x) => x.id === d)))]));
  const dependents = new Map<string, Step[]>();
  for (const s of steps) for (const d of s.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), s]);
  const priority = (s: Step) => kinds.get(s.kind).priority ?? 0;
  const chain = chainCosts(steps, dependents, (s) => kinds.get(s.kind).stepCost ?? 1);
  // Kind priority first (data copies), then the longest chain of work behind the step.
  const before = (a: Step, b: Step) => priority(b) - priority(a) || (chain.get(b.id) ?? 0) - (chain.get(a.id) ?? 0);
  const ready = steps.filter((s) => waiting.get(s.id)?.size === 0).sort(before);
  const enqueue = (s: Step) => {
    const at = ready.findIndex((r) => before(s, r) < 0);
    ready.splice(at < 0 ? ready.length : at, 0, s);
  };
  const result: RunStepsResult = { completed: 0, failed: [], skipped: [], stopped: false };
  const finished = new Set<string>();
  const append = (step: Step, events: NewEvent[]) => store.append(resourceStream(step), events.map((e) => ({ ...e, commit })));

  const skip = (id: string): void => {
    for (const d of dependents.get(id) ?? []) {
      if (finished.has(d.id)) continue;
      finished.add(d.id);
      result.skipped.push(d.id);
      skip(d.id);
    }
  };

  const base = (step: Step) => ({ step: step.id, action: step.action, kind: step.kind, key: step.key });

  async function start(step: Step): Promise<void> {
    options.onStepStarted?.(step);
    await append(step, [resourceEvent('StepStarted', { ...base(step), ...(step.targetId ? { targetId: step.targetId } : {}) })]);
  }

  async function succeeded(step: Step, outcome: StepOutcome): Promise<void> {
    const data = { ...base(step), id: outcome.id, ...(outcome.found ? { found: true } : {}), ...(outcome.requestId ? { requestId: outcome.requestId } : {}) };
    await append(step, [...(outcome.also ?? []).map((e) => ({ type: e.type, data: e.data })), { type: outcome.type, data }]);
    result.completed++;
    options.onStepFinished?.(step, true);
  }

  /** Steps that go as one request; when it fails, each is tried on its own (and fails on its own). */
  async function runMany(batch: Step[], many: NonNullable<ResourceKindDef['createMany']>): Promise<void> {
    for (const step of batch) await start(step);
    let outcomes: StepOutcome[] | undefined;
    try {
      outcomes = await many(batch, ctx);
    } catch {
      outcomes = undefined;
    }
    if (outcomes?.length === batch.length) {
      for (const [i, step] of batch.entries()) {
        if (kinds.get(step.kind).registersId !== false) ctx.ids.set(step.kind, step.key, outcomes[i]!.id);
        await succeeded(step, outcomes[i]!);
      }
      return;
    }
    for (const step of batch) await attempt(step);
  }

  async function run(step: Step): Promise<void> {
    await start(step);
    await attempt(step);
  }

  async function attempt(step: Step): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await succeeded(step, await executeStep(step, { ...ctx, attempt }, kinds));
        return;
      } catch (err) {
        if (transient(err) && attempt < attempts && !options.signal?.aborted) {
          await clock.sleep(Math.min(200 * 2 ** (attempt - 1), 5_000));
          continue;
        }
        if (options.signal?.aborted) {
          // Stopped (SIGTERM) while its data was moving: nothing half-done is kept as done; the
          // next pass finds the image without data and copies it again.
          await append(step, [resourceEvent('StepStopped', { ...base(step), reason: 'the pass was stopped while this step ran' })]);
          result.skipped.push(step.id);
          options.onStepFinished?.(step, false);
          skip(step.id);
          return;
        }
        await append(step, [resourceEvent('StepFailed', { ...base(step), attempts: attempt, error: errorEventData(err) as ErrorData })]);
        result.failed.push({ step: step.id, error: errorEventData(err) });
        options.onStepFinished?.(step, false);
        skip(step.id);
        return;
      }
    }
  }

  /** The step and, when its kind creates several in one request, the other ready creates of its kind. */
  const takeUnit = (step: Step): Step[] => {
    const def = kinds.get(step.kind);
    if (step.action !== 'create' || !def.createMany) return [step];
    const key = def.batchKey?.(step);
    const unit = [step];
    for (let i = 0; i < ready.length && unit.length < BATCH_LIMIT;) {
      const other = ready[i]!;
      if (other.kind === step.kind && other.action === 'create' && def.batchKey?.(other) === key && !finished.has(other.id)) {
        ready.splice(i, 1);
        finished.add(other.id);
        unit.push(other);
      } else i++;
    }
    return unit;
  };

  const running = new Set<Promise<void>>();
  for (;;) {
    while (running.size < limit && ready.length > 0 && !options.signal?.aborted) {
      const step = ready.shift() as Step;
      if (finished.has(step.id)) continue;
      finished.add(step.id);
      const unit = takeUnit(step);
      const many = kinds.get(step.kind).createMany;
      const p: Promise<void> = (unit.length > 1 && many ? runMany(unit, many) : run(step)).then(() => {
        running.delete(p);
        for (const done of unit) {
          if (result.failed.some((f) => f.step === done.id)) continue;
          for (const d of dependents.get(done.id) ?? []) {
            const left = waiting.get(d.id);
            left?.delete(done.id);
            if (left?.size === 0 && !finished.has(d.id)) enqueue(d);
          }
        }
      });
      running.add(p);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  if (options.signal?.aborted) {
    for (const s of steps) if (!finished.has(s.id)) result.skipped.push(s.id);
    result.stopped = result.skipped.length > 0;
  }
  return result;
}

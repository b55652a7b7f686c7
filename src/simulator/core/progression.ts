/**
 * Asynchronous status machines (moto's ManagedState). A service starts a *run* for a resource
 * with its list of states (['BUILD', 'ACTIVE'], ['queued', 'saving', 'active'], ...) and an
 * `onState` callback that writes the status into the record. How fast a run advances is set per
 * kind at run time:
 *   immediate        all states are entered at once (the default)
 *   polls: N         each state is shown to N observations (GETs) before the next one
 *   time: T ms       each state lasts T ms on the injected clock
 * `failNext(kind)` makes the next run(s) of a kind end in a failure state (ERROR, error, ...)
 * instead of their last state, with a message for `fault` / `last_error`. `stallNext(kind, state)`
 * makes the next run(s) that pass through `state` stay in it until cancelled: a live migration
 * whose memory copy never converges sits in `running` until someone aborts it.
 */
import type { SimClock } from './clock.js';

export type ProgressionMode = { type: 'immediate' } | { type: 'polls'; polls: number } | { type: 'time'; ms: number };

export interface StateChange {
  state: string;
  /** True when the run entered its failure state instead of its last state. */
  failed: boolean;
  /** Set when failed: the reason given to failNext. */
  message?: string;
  /** True when this is the run's last state (success or failure). */
  final: boolean;
}

export interface RunOptions {
  onState?: (change: StateChange) => void;
}

interface Run {
  kind: string;
  states: string[];
  index: number;
  polls: number;
  enteredAt: number;
  mode: ProgressionMode;
  failure?: { state: string; message: string };
  /** Index of the state this run never leaves (stallNext). */
  stallAt?: number;
  onState?: (change: StateChange) => void;
}

export class Progressions {
  private modes = new Map<string, ProgressionMode>();
  private runs = new Map<string, Run>();
  private failures = new Map<string, { state: string; message: string; count: number }>();
  private stalls = new Map<string, { state: string; count: number }>();

  constructor(private readonly clock: SimClock) {}

  /** Sets how runs of `kind` ('server', 'image', 'volume', 'node', ...) advance from now on. */
  set(kind: string, mode: ProgressionMode): void {
    this.modes.set(kind, mode);
  }
  mode(kind: string): ProgressionMode {
    return this.modes.get(kind) ?? { type: 'immediate' };
  }
  /** The next `count` runs of `kind` end in `state` (e.g. 'ERROR') with `message`. */
  failNext(kind: string, state: string, message = 'Simulated failure', count = 1): void {
    this.failures.set(kind, { state, message, count });
  }
  /** Forgets failures asked for with failNext that have not happened yet (a test's finally). */
  clearFailures(kind: string): void {
    this.failures.delete(kind);
  }
  /** The next `count` runs of `kind` that pass through `state` stop there until cancelled. */
  stallNext(kind: string, state: string, count = 1): void {
    this.stalls.set(kind, { state, count });
  }
  /** Forgets stalls asked for with stallNext that have not happened yet (a test's finally). */
  clearStalls(kind: string): void {
    this.stalls.delete(kind);
  }
  /** Starts (or restarts) the run of resource `id`; enters states[0] now and returns the current state. */
  start(kind: string, id: string, states: string[], options: RunOptions = {}): string {
    if (states.length === 0) throw new Error(`progression for ${kind} needs at least one state`);
    const run: Run = { kind, states, index: 0, polls: 0, enteredAt: this.clock.now(), mode: this.mode(kind) };
    if (options.onState) run.onState = options.onState;
    const failure = this.failures.get(kind);
    if (failure) {
      run.failure = { state: failure.state, message: failure.message };
      if (--failure.count <= 0) this.failures.delete(kind);
    }
    const stall = this.stalls.get(kind);
    // Only a run that has the state stalls (a cold migration never enters a live one's `running`).
    if (stall && states.includes(stall.state)) {
      run.stallAt = states.indexOf(stall.state);
      if (--stall.count <= 0) this.stalls.delete(kind);
    }
    this.runs.set(key(kind, id), run);
    this.enter(run, 0);
    if (run.mode.type === 'immediate') while (this.advance(kind, id, run));
    return this.stateOf(run);
  }
  /** A client looked at the resource: counts a poll and advances if due; returns the current state. */
  observe(kind: string, id: string): string | undefined {
    const run = this.runs.get(key(kind, id));
    if (!run) return undefined;
    this.catchUp(kind, id, run);
    if (run.mode.type === 'polls') {
      if (run.polls >= run.mode.polls) this.advance(kind, id, run);
      run.polls++;
    }
    return this.stateOf(run);
  }
  /** Current state without counting a poll, or undefined when no run is in progress. */
  current(kind: string, id: string): string | undefined {
    const run = this.runs.get(key(kind, id));
    return run ? this.stateOf(run) : undefined;
  }
  /** Advances every time-based run that is due; the core calls this before each request. */
  tick(): void {
    for (const [k, run] of this.runs) {
      if (run.mode.type !== 'time') continue;
      const sep = k.indexOf('\u0000');
      this.catchUp(k.slice(0, sep), k.slice(sep + 1), run);
    }
  }
  /** Forgets the run of `id` (deleted resource). */
  cancel(kind: string, id: string): void {
    this.runs.delete(key(kind, id));
  }
  reset(): void {
    this.modes.clear();
    this.runs.clear();
    this.failures.clear();
    this.stalls.clear();
  }

  private catchUp(kind: string, id: string, run: Run): void {
    if (run.mode.type !== 'time') return;
    const ms = run.mode.ms;
    while (this.runs.get(key(kind, id)) === run && this.clock.now() - run.enteredAt >= ms) {
      const enteredAt = run.enteredAt + ms;
      if (!this.advance(kind, id, run)) break;
      run.enteredAt = enteredAt;
    }
  }
  /** Moves to the next state; returns false (and ends the run) when it was the last. */
  private advance(kind: string, id: string, run: Run): boolean {
    if (run.stallAt !== undefined && run.index >= run.stallAt) return false;
    if (run.index >= run.states.length - 1) {
      this.runs.delete(key(kind, id));
      return false;
    }
    this.enter(run, run.index + 1);
    run.polls = 0;
    run.enteredAt = this.clock.now();
    if (run.index === run.states.length - 1) this.runs.delete(key(kind, id));
    return run.index < run.states.length - 1;
  }
  private enter(run: Run, index: number): void {
    run.index = index;
    const final = index === run.states.length - 1;
    const failed = final && run.failure !== undefined;
    const change: StateChange = { state: this.stateOf(run), failed, final };
    if (failed && run.failure) change.message = run.failure.message;
    run.onState?.(change);
  }
  private stateOf(run: Run): string {
    const last = run.index === run.states.length - 1;
    return last && run.failure ? run.failure.state : (run.states[run.index] ?? '');
  }
}

const key = (kind: string, id: string): string => `${kind}\u0000${id}`;

/**
 * The generic gates around a module's decide, pure: a failed step waits for its backoff, a
 * terminal failure blocks until the next commit (as a Flux object stays Stalled until its spec
 * changes), and an item that has not started waits for the lower waves. A deselected item's way
 * back (a roll-back) is not held by a forward step's failure, but the same step failing again is:
 * otherwise a roll-back the cloud refuses would be retried at once, over and over.
 */
import type { Activity, Decision } from './decision.js';
import { blocked, retryWait, wait } from './decision.js';
import type { ItemState } from './itemState.js';
import type { AnyWorkflowModule, DecideInput } from './module.js';

export interface ItemGates {
  /** Set while a lower wave still has items that are not done; `wave` is the lowest such wave. */
  waveWaitsFor?: { wave: number; pending: string[] };
  /** Set while items this one must come after (DesiredItem.after) are not done. */
  itemsWaitFor?: string[];
}

/** Backoff after the n-th consecutive failure of a step: 10 s, 20 s, 40 s ... at most 10 min. */
export function backoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

function failureGate<S, D>(item: ItemState<S>, input: DecideInput<D>): Decision<Activity> | undefined {
  const failure = item.failure;
  if (!failure) return undefined;
  if (failure.retry === 'never' && failure.commit === input.commit) {
    return blocked(`${failure.activity} failed: ${failure.message}`, failure.hint ?? 'fix the cause and push a commit (or revert the selection); stackshift retries on the next commit');
  }
  if (failure.retry !== 'never' && failure.retryAt !== undefined && failure.retryAt > input.now) {
    return retryWait(`retrying ${failure.activity} (attempt ${failure.attempts + 1}) after: ${failure.message}`, failure.retryAt);
  }
  return undefined;
}

export function decideItem<S, D>(module: AnyWorkflowModule, item: ItemState<S>, input: DecideInput<D>, gates: ItemGates = {}): Decision<Activity> {
  if (input.desired === undefined) {
    const next = module.decide(item.domain, input);
    const again = next.kind === 'run' && next.activity.type === item.failure?.activity;
    return (again && failureGate(item, input)) || next;
  }
  const gated = failureGate(item, input);
  if (gated) return gated;
  const progress = module.progress(item.domain, input.desired, input.now);
  if (gates.waveWaitsFor && input.desired !== undefined && !progress.started) {
    const { wave, pending } = gates.waveWaitsFor;
    const shown = pending.slice(0, 3).join(', ') + (pending.length > 3 ? ', ...' : '');
    return wait(`wave ${wave} is not done yet (${shown})`);
  }
  if (gates.itemsWaitFor && input.desired !== undefined && !progress.started) {
    const names = gates.itemsWaitFor.map((s) => s.replace(':', ' '));
    return wait(`waits for ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''} to finish first`);
  }
  return module.decide(item.domain, input);
}

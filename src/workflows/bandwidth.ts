/**
 * The shared bandwidth budget of all transfers (`transfer.totalBandwidthMbps`): a token bucket
 * on the injected clock. A copy asks for the bytes of each chunk before sending it and waits when
 * the budget is spent, so parallel copies share the link instead of saturating it. Unlimited
 * when no rate is set. The bucket holds at most one second of tokens (bursts stay short).
 */
import type { Clock } from '../ports.js';

export interface BandwidthBudget {
  /** Resolves once `bytes` may be sent; rejects when the signal aborts. */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
  /** Bytes per second, or undefined when unlimited. */
  readonly rate: number | undefined;
}

export function unlimitedBandwidth(): BandwidthBudget {
  return { rate: undefined, take: async () => undefined };
}

export function bandwidthBudget(clock: Clock, megabitsPerSecond: number | undefined): BandwidthBudget {
  if (megabitsPerSecond === undefined || megabitsPerSecond <= 0) return unlimitedBandwidth();
  const rate = (megabitsPerSecond * 1_000_000) / 8;
  let tokens = rate;
  let at = clock.now();
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const now = clock.now();
    tokens = Math.min(rate, tokens + ((now - at) / 1000) * rate);
    at = now;
  };
  return {
    rate,
    take(bytes, signal) {
      // One waiter at a time, in order: a large chunk cannot be starved by small ones.
      const turn = queue.then(async () => {
        refill();
        tokens -= bytes;
        if (tokens < 0) await clock.sleep(Math.ceil((-tokens / rate) * 1000), signal);
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** One budget kept while the configured rate stays the same (a commit that changes it gets a new one). */
export function budgetFollowing(clock: Clock, megabitsPerSecond: () => number | undefined): () => BandwidthBudget {
  let current: { rate: number | undefined; budget: BandwidthBudget } | undefined;
  return () => {
    const rate = megabitsPerSecond();
    if (!current || current.rate !== rate) current = { rate, budget: bandwidthBudget(clock, rate) };
    return current.budget;
  };
}

/**
 * Catch-up-then-live subscriptions, shared by the backends: read history from a position,
 * then wait for the next commit and read again. Waiting is a promise the backend resolves on
 * every commit, so an idle subscription costs nothing.
 */
import type { StoredEvent, Subscription } from './store.js';

/** Wakes waiters whenever the committed head moves or the store closes. */
export class CommitSignal {
  private waiters: Array<() => void> = [];
  head = 0;
  closed = false;

  /** Called by the backend after events [.., newHead) became durable and readable. */
  advance(newHead: number): void {
    this.head = newHead;
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Resolves once the head passes `position`, the store closes, or the signal aborts. */
  async waitBeyond(position: number, signal?: AbortSignal): Promise<void> {
    if (this.head > position || this.closed || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const onAbort = () => resolve();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export function subscribeWith(
  readAll: (fromPosition: number) => AsyncIterable<StoredEvent>,
  commits: CommitSignal,
  handler: (event: StoredEvent) => void | Promise<void>,
  options: { fromPosition?: number; signal?: AbortSignal } = {},
): Subscription {
  const { signal } = options;
  const run = async () => {
    let next = Math.max(0, options.fromPosition ?? 0);
    // Let the caller finish its synchronous set-up before the first handler call.
    await Promise.resolve();
    while (!commits.closed && !signal?.aborted) {
      for await (const event of readAll(next)) {
        if (signal?.aborted) return;
        await handler(event);
        next = event.position + 1;
      }
      await commits.waitBeyond(next, signal);
    }
  };
  return { done: run() };
}

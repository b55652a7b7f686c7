/**
 * Polls until a resource reaches the state a step waits for, with the injected clock, and gives
 * up with a clear error: E_TIMEOUT after `timeoutMs`, E_TERMINAL_STATE when it lands in a state
 * it will not leave (ERROR, error_deleting…). The first polls come soon and the gap doubles up
 * to `intervalMs`: most transitions (an attach, a snapshot, a stop) take a second or two, and a
 * cutover's downtime is a chain of them — each waiting a full interval would add up.
 */
import { codes, StackshiftError } from '../../errors.js';
import type { Clock } from '../../ports.js';

export interface WaitForOptions<T> {
  poll: () => Promise<T>;
  done: (value: T) => boolean;
  /** A description of the terminal failure when `value` is in one, else undefined. */
  failed?: (value: T) => string | undefined;
  clock: Clock;
  timeoutMs: number;
  intervalMs: number;
  /** What is awaited, for messages: "server web-1 to become ACTIVE". */
  what: string;
  signal?: AbortSignal;
}

const FIRST_GAP_MS = 250;

export async function waitFor<T>(o: WaitForOptions<T>): Promise<T> {
  const deadline = o.clock.now() + o.timeoutMs;
  let gap = Math.min(FIRST_GAP_MS, o.intervalMs);
  let last: T | undefined;
  for (;;) {
    last = await o.poll();
    if (o.done(last)) return last;
    const failure = o.failed?.(last);
    if (failure !== undefined) {
      throw new StackshiftError(codes.TERMINAL_STATE, `gave up waiting for ${o.what}: ${failure}`, {
        retry: 'never', hint: 'inspect the resource in the cloud; it needs a human before stackshift can continue',
      });
    }
    if (o.clock.now() >= deadline) {
      throw new StackshiftError(codes.TIMEOUT, `timed out after ${Math.round(o.timeoutMs / 1000)} s waiting for ${o.what}`, {
        retry: 'later', requeueAfterMs: o.intervalMs, hint: 'the cloud is slow or stuck; the next pass checks again',
      });
    }
    if (o.signal?.aborted) throw o.signal.reason;
    await o.clock.sleep(Math.min(gap, Math.max(0, deadline - o.clock.now())), o.signal);
    gap = Math.min(gap * 2, o.intervalMs);
  }
}

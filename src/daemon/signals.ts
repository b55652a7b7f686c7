/**
 * SIGTERM / SIGINT → abort. The first signal aborts the controller (the pass in flight finishes
 * or safely stops its current step, then the daemon exits 0); a second one means "now" and calls
 * `onForce` (the command exits at once: the event log is crash-safe, the next start resumes).
 */
export function abortOnSignals(
  controller: AbortController,
  options: { signals?: NodeJS.Signals[]; onSignal?: (name: NodeJS.Signals) => void; onForce?: (name: NodeJS.Signals) => void } = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      options.onForce?.(name);
      return;
    }
    options.onSignal?.(name);
    controller.abort();
  };
  for (const name of signals) process.on(name, handler);
  return () => {
    for (const name of signals) process.off(name, handler);
  };
}

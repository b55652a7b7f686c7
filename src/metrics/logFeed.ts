/**
 * Feeds a daemon's metrics with the events appended from now on. Counters start at zero with the
 * process (Prometheus expects that of a restart); replaying the history into them would show
 * weeks of copying as one burst in a rate() graph. The estate gauges do not need this: they read
 * the status projection, which always holds the whole history.
 */
import type { EventStore, Subscription } from '../events/store.js';
import type { DaemonMetrics } from './daemonMetrics.js';

export function feedMetricsFromLog(
  store: Pick<EventStore, 'subscribe'>,
  metrics: Pick<DaemonMetrics, 'event'>,
  options: { fromPosition: number; signal: AbortSignal },
): Subscription {
  return store.subscribe(
    (event) => {
      // A metric must never stop the subscription that feeds every later one.
      try {
        metrics.event(event);
      } catch {
        // ignored
      }
    },
    options,
  );
}

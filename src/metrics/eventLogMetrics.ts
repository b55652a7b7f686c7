/**
 * The event log's writes: append calls, events and bytes, and how long each group commit's
 * fdatasync took (the latency every append waits for). Fed by the file store's observer.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { EventLogObserver } from '../events/fileStore.js';

const FSYNC_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function eventLogMetrics(registry: Registry): EventLogObserver {
  const appends = new Counter({ name: 'stackshift_event_log_appends_total', help: 'Append calls written to the event log (a group commit writes several at once)', registers: [registry] });
  const events = new Counter({ name: 'stackshift_event_log_events_total', help: 'Events written to the event log', registers: [registry] });
  const bytes = new Counter({ name: 'stackshift_event_log_bytes_total', help: 'Bytes written to the event log (framed records)', registers: [registry] });
  const fsync = new Histogram({
    name: 'stackshift_event_log_fsync_duration_seconds',
    help: 'Time of each group commit\'s fdatasync of the event log',
    buckets: FSYNC_BUCKETS,
    registers: [registry],
  });
  return {
    batchWritten(batch) {
      appends.inc(batch.appends);
      events.inc(batch.events);
      bytes.inc(batch.bytes);
      fsync.observe(batch.syncSeconds);
    },
  };
}

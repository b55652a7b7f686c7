/**
 * One daemon's metrics: its own prom-client registry (never the global default one, so tests and
 * several daemons in one process do not share counters) and the hooks that feed it. The parts
 * that do I/O only ever see these hooks: the OpenStack client gets `apiCall`, the file store
 * `eventLog`, the loop reports passes through `passFinished`, and the log's own facts arrive
 * through `event` (transfers, step outcomes). The estate gauges read their sources at scrape time.
 *
 * Nothing here takes a secret: labels are cloud names, service types, methods, statuses, kinds
 * and phases, all bounded whatever the number of workloads.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { PassRecord } from '../daemon/loop.js';
import type { EventLogObserver } from '../events/fileStore.js';
import type { StoredEvent } from '../events/store.js';
import type { ApiCall } from '../executors/openstack/clientTypes.js';
import type { Clock } from '../ports.js';
import { apiCallMetrics } from './apiCallMetrics.js';
import { metricsEndpoint, type MetricsPage } from './endpoint.js';
import { estateGauges, type EstateSources } from './estateGauges.js';
import { eventLogMetrics } from './eventLogMetrics.js';
import { passMetrics } from './passMetrics.js';
import { stepOutcomeMetrics } from './stepOutcomeMetrics.js';
import { transferMetrics } from './transferMetrics.js';

export interface DaemonMetrics {
  readonly registry: Registry;
  apiCall(call: ApiCall): void;
  readonly eventLog: EventLogObserver;
  passFinished(record: PassRecord): void;
  /** Every event appended while the daemon runs, in log order. */
  event(event: StoredEvent): void;
  /** Where the estate gauges read from (set once the status projection and the runner exist). */
  readonly sources: EstateSources;
  /** The function GET /metrics serves. */
  page(): Promise<MetricsPage>;
}

export function createDaemonMetrics(options: { clock: Clock; processMetrics?: boolean }): DaemonMetrics {
  const registry = new Registry();
  // Process CPU, memory, handles and event-loop lag: how the daemon itself is doing.
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const sources: EstateSources = {};
  estateGauges(registry, sources);
  const transfers = transferMetrics(registry, options.clock);
  const steps = stepOutcomeMetrics(registry);
  return {
    registry,
    apiCall: apiCallMetrics(registry),
    eventLog: eventLogMetrics(registry),
    passFinished: passMetrics(registry, options.clock),
    event(event) {
      transfers(event);
      steps(event);
    },
    sources,
    page: metricsEndpoint(registry),
  };
}

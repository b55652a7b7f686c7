/**
 * The daemon loop's passes: how long each took by reason and result, and how long ago the last
 * successful one finished (applied or unchanged). Until one has succeeded, the age counts from
 * the daemon's start, so an alert on "no success for an hour" also fires for a daemon that never
 * managed one. Times come from the daemon's clock, the same one the loop stamps passes with.
 */
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { PassRecord } from '../daemon/loop.js';
import type { Clock } from '../ports.js';

const PASS_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

export function passMetrics(registry: Registry, clock: Clock): (record: PassRecord) => void {
  const startedAt = clock.now();
  let lastSuccessAt: number | undefined;
  const duration = new Histogram({
    name: 'stackshift_pass_duration_seconds',
    help: 'Duration of daemon passes by reason (commit, drift, resume) and result (applied, unchanged, rejected, failed, stopped, error)',
    labelNames: ['reason', 'result'] as const,
    buckets: PASS_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'stackshift_last_successful_pass_timestamp_seconds',
    help: 'Unix time at which the last applied or unchanged pass finished (0 before the first)',
    registers: [registry],
    collect() {
      this.set((lastSuccessAt ?? 0) / 1000);
    },
  });
  new Gauge({
    name: 'stackshift_seconds_since_last_successful_pass',
    help: 'Seconds since the last applied or unchanged pass finished (since the daemon started, before the first)',
    registers: [registry],
    collect() {
      this.set((clock.now() - (lastSuccessAt ?? startedAt)) / 1000);
    },
  });
  return (record) => {
    const result = record.outcome?.result ?? 'error';
    duration.observe({ reason: record.reason, result }, (record.finishedAt - record.startedAt) / 1000);
    if (result === 'applied' || result === 'unchanged') lastSuccessAt = record.finishedAt;
  };
}

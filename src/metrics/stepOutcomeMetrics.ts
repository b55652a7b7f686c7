/**
 * Step outcomes by kind, read from the log. Infrastructure steps are on `resource:<kind>/<key>`
 * streams (kind: network, subnet, image...; outcome: created, updated, deleted, failed, stopped);
 * workflow steps are the generic Activity events of workload, volume and node streams (kind:
 * `<family>.<activity>`, e.g. workload.copyDisks; outcome: completed, failed, stopped). Both sets
 * of names are fixed by the code, so the label values stay bounded whatever the estate's size.
 */
import { Counter, type Registry } from 'prom-client';
import type { StoredEvent } from '../events/store.js';

const RESOURCE_OUTCOMES: Record<string, string> = {
  ResourceCreated: 'created',
  ResourceUpdated: 'updated',
  ResourceDeleted: 'deleted',
  StepFailed: 'failed',
  StepStopped: 'stopped',
};
const ACTIVITY_OUTCOMES: Record<string, string> = { ActivityCompleted: 'completed', ActivityFailed: 'failed', ActivityStopped: 'stopped' };
const WORKFLOW_STREAM = /^(workload|volume|node):/;

export function stepOutcomeOf(event: StoredEvent): { kind: string; outcome: string } | undefined {
  if (event.stream.startsWith('resource:')) {
    const outcome = RESOURCE_OUTCOMES[event.type];
    const kind = event.stream.slice('resource:'.length).split('/')[0];
    return outcome && kind ? { kind, outcome } : undefined;
  }
  const family = WORKFLOW_STREAM.exec(event.stream)?.[1];
  const suffix = /Activity(Completed|Failed|Stopped)$/.exec(event.type)?.[0];
  if (!family || !suffix || typeof event.data.activity !== 'string') return undefined;
  return { kind: `${family}.${event.data.activity}`, outcome: ACTIVITY_OUTCOMES[suffix]! };
}

export function stepOutcomeMetrics(registry: Registry): (event: StoredEvent) => void {
  const outcomes = new Counter({
    name: 'stackshift_step_outcomes_total',
    help: 'Steps finished, by kind (resource kind, or workflow family and activity) and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  return (event) => {
    const seen = stepOutcomeOf(event);
    if (seen) outcomes.inc(seen);
  };
}

/**
 * Where the estate stands, counted at scrape time from what the daemon already keeps current:
 * the status projection (every workload, volume, node and resource with its condition) and the
 * workflow runner's last decisions (each item's phase, as `plan` shows it). Nothing is stored
 * here, so the numbers cannot drift from the status page; a scrape costs one walk over the items.
 */
import { Gauge, type Registry } from 'prom-client';
import type { StatusModel } from '../status/project.js';
import type { RunnerSnapshot } from '../workflows/runner.js';

const KINDS = [
  ['workloads', 'workload'],
  ['volumes', 'volume'],
  ['nodes', 'node'],
  ['resources', 'resource'],
] as const;

export interface EstateSources {
  status?: () => StatusModel;
  workflows?: () => RunnerSnapshot;
}

export function estateGauges(registry: Registry, sources: EstateSources): void {
  new Gauge({
    name: 'stackshift_objects',
    help: 'Workloads, volumes, nodes and resources by condition (Ready, Reconciling, Stalled), from the event log',
    labelNames: ['kind', 'condition'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const model = sources.status?.();
      if (!model) return;
      for (const [table, kind] of KINDS) {
        const counts = { Ready: 0, Reconciling: 0, Stalled: 0 };
        for (const object of Object.values(model[table])) if (!object.deleted) counts[object.condition]++;
        for (const [condition, n] of Object.entries(counts)) this.set({ kind, condition }, n);
      }
    },
  });
  new Gauge({
    name: 'stackshift_workflow_items',
    help: 'Workloads, volumes and nodes by phase (workloads: Preflight ... Cleanup, Migrated; nodes: InService ... Deployed), from the workflow runner',
    labelNames: ['workflow', 'phase'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const items = sources.workflows?.().items ?? [];
      const counts = new Map<string, { workflow: string; phase: string; n: number }>();
      for (const item of items) {
        const key = `${item.workflow}\u0000${item.progress.phase}`;
        const entry = counts.get(key) ?? { workflow: item.workflow, phase: item.progress.phase, n: 0 };
        entry.n++;
        counts.set(key, entry);
      }
      for (const { workflow, phase, n } of counts.values()) this.set({ workflow, phase }, n);
    },
  });
}

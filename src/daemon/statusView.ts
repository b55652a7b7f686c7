/**
 * What GET /status answers: the estate's condition and commit status from the status projection
 * (folded from the event log, kept current by a subscription), the loop's own state, and the
 * objects that are not Ready (so an operator sees at once what needs them).
 */
import type { StatusModel } from '../status/project.js';
import { overallCondition } from '../status/project.js';
import type { DaemonStatus } from './loop.js';

const listed = 50;

export function statusView(model: StatusModel, daemon: DaemonStatus): Record<string, unknown> {
  const tables = { resources: model.resources, workloads: model.workloads, volumes: model.volumes, nodes: model.nodes };
  const counts: Record<string, Record<string, number>> = {};
  const notReady: Array<{ object: string; condition: string; reason: string; message?: string }> = [];
  for (const [table, objects] of Object.entries(tables)) {
    const byCondition: Record<string, number> = {};
    for (const [key, status] of Object.entries(objects)) {
      if (status.deleted) continue;
      byCondition[status.condition] = (byCondition[status.condition] ?? 0) + 1;
      if (status.condition !== 'Ready' && notReady.length < listed) {
        notReady.push({ object: `${table}/${key}`, condition: status.condition, reason: status.reason, ...(status.message ? { message: status.message } : {}) });
      }
    }
    counts[table] = byCondition;
  }
  return { condition: overallCondition(model), commits: model.commits, counts, notReady, daemon, position: model.position };
}

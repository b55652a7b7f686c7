/**
 * The real runtime of a daemon: the file event log in the state dir, OpenStack clients for the
 * clouds each commit names, and the reconcile pass of src/reconcile/pass.ts. The only place the
 * daemon meets the pass; the loop and runDaemon are tested with fakes instead.
 */
import { openFileEventStore, type FileEventStore } from '../events/fileStore.js';

import type { Clock, ConversionHostShells, Output } from '../ports.js';
import { reconcilePass, type ReconcileDeps } from '../reconcile/pass.js';
import { cloudCache, conversionHostShells, nodeHardware } from '../wiring.js';
import type { NodeHardware } from '../workflows/node/steps/context.js';
import type { DesiredState } from '../desired/model.js';
import type { WorkflowPorts } from '../reconcile/applyPlan.js';
import type { AnyWorkflowModule } from '../workflows/module.js';
import { workflowModules } from '../workflows/registry.js';
import { createWorkflowRunner, type WorkflowRunner } from '../workflows/runner.js';
import { slotLimits } from '../workflows/slotLimits.js';
import { budgetFollowing } from '../workflows/bandwidth.js';
import type { DaemonRuntime } from './runDaemon.js';
import type { DaemonMetrics } from '../metrics/daemonMetrics.js';
import type { LogLine } from '../log/lineLog.js';
import { feedMetricsFromLog } from '../metrics/logFeed.js';

export interface ReconcileRuntime extends DaemonRuntime<ReconcileDeps> {
  store: FileEventStore;
  /** Moves workloads and nodes in the background for as long as the daemon runs. */
  workflows: WorkflowRunner<WorkflowPorts>;
  close(): Promise<void>;
}

export async function reconcileRuntime(options: {
  stateDir: string;
  clock: Clock;
  output: Output;
  log: LogLine;
  env?: NodeJS.ProcessEnv;
  concurrency?: number;
  /** Workflow families (default: the registry's); tests add their own. */
  modules?: readonly AnyWorkflowModule[];
  /** SSH to conversion hosts (default: ssh2 with the keys stackshift.yaml names). */
  conversionHosts?: ConversionHostShells;
  /** BMCs and scale-out hooks (default: ipmitool/Redfish and /bin/sh). */
  nodeHardware?: NodeHardware;
  /** Fed from the event log, the clouds' API calls and the workflow runner while the daemon runs. */
  metrics?: DaemonMetrics;
}): Promise<ReconcileRuntime> {
  const { metrics } = options;
  const store = await openFileEventStore(options.stateDir, { clock: options.clock, ...(metrics ? { observer: metrics.eventLog } : {}) });
  const clouds = cloudCache({ clock: options.clock, warn: options.log, ...(options.env ? { env: options.env } : {}), ...(metrics ? { onApiCall: metrics.apiCall } : {}) });
  let lastState: DesiredState | undefined;
  const workflows = createWorkflowRunner<WorkflowPorts>({
    modules: options.modules ?? workflowModules, store, clock: options.clock, log: options.log, slotLimit: slotLimits(() => lastState?.config),
    bandwidth: budgetFollowing(options.clock, () => lastState?.config.transfer.totalBandwidthMbps),
  });
  const feeding = new AbortController();
  const feed = metrics && feedMetricsFromLog(store, metrics, { fromPosition: store.count(), signal: feeding.signal });
  if (metrics) metrics.sources.workflows = () => workflows.snapshot();
  const tracking: WorkflowRunner<WorkflowPorts> = {
    ...workflows,
    update: (target) => {
      lastState = target.state;
      return workflows.update(target);
    },
  };
  return {
    workflows: tracking,
    items: () => workflows.snapshot().items,
    clock: options.clock,
    log: options.log,
    ...(options.env ? { env: options.env } : {}),
    ...(metrics ? { metrics } : {}),
    store,
    pass: reconcilePass,
    makeDeps: async () => ({
      store,
      clouds: clouds.open,
      clock: options.clock,
      output: options.output,
      workflows: tracking,
      conversionHosts: options.conversionHosts ?? conversionHostShells(),
      nodeHardware: options.nodeHardware ?? nodeHardware({ stateDir: options.stateDir, warn: options.log, ...(options.env ? { env: options.env } : {}) }),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    }),
    async close() {
      await workflows.stop();
      feeding.abort();
      await feed?.done.catch(() => undefined);
      await clouds.close();
      await store.close();
    },
  };
}

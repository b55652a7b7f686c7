/**
 * Executes a plan's steps with progress on the terminal. The ID registry starts from the same
 * observation the plan was checked against, so steps resolve references by name.
 */
import type { EventStore } from '../events/store.js';
import { runSteps, type RunStepsResult } from '../executors/infra/runSteps.js';
import type { OpenStackClient } from '../executors/openstack/client.js';
import type { ObservedState, Plan } from '../plan/model.js';
import type { CloudSet, Clock, ConversionHostShells, Output } from '../ports.js';
import { idsFrom } from './planCommit.js';
import { applyProgress } from './progress.js';
import type { WorkflowRunner } from '../workflows/runner.js';
import type { NodeHardware } from '../workflows/node/steps/context.js';

export interface ApplyDeps extends CloudSet {
  store: EventStore;
  clock: Clock;
  output?: Output;
  concurrency?: number;
  signal?: AbortSignal;
  /** Moves workloads and nodes in the background; absent: a pass only plans them. */
  workflows?: WorkflowRunner<WorkflowPorts>;
  /** SSH to conversion hosts, for workload steps (built by wiring.ts). */
  conversionHosts?: ConversionHostShells;
  /** BMCs and scale-out hooks, for node reclaim steps (built by wiring.ts). */
  nodeHardware?: NodeHardware;
}

/** What workflow steps reach the clouds and the conversion hosts through. */
export type WorkflowPorts = CloudSet & { conversionHosts: ConversionHostShells } & Partial<NodeHardware>;

export async function applyPlan(deps: ApplyDeps, plan: Plan, observed: ObservedState, projectId: string): Promise<RunStepsResult> {
  const progress = applyProgress(deps.output, plan.steps.length);
  try {
    return await runSteps({
      steps: plan.steps,
      commit: plan.commit,
      store: deps.store,
      clock: deps.clock,
      concurrency: deps.concurrency ?? 4,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ctx: {
        source: deps.source,
        destination: deps.destination,
        ...(deps.destinationAdmin ? { admin: deps.destinationAdmin } : {}),
        projectId,
        ids: idsFrom(observed),
        onBytes: (n) => progress.bytes(n),
        ...(deps.signal ? { signal: deps.signal } : {}),
      },
      onStepStarted: (step) => progress.stepStarted(step),
      onStepFinished: (step, ok) => progress.stepDone(step, ok),
    });
  } finally {
    progress.stop();
  }
}

/**
 * One reconcile pass for a commit: load the desired state (a commit that does not validate is
 * recorded as DesiredStateRejected and touches no cloud), observe, plan, record the plan, apply
 * it step by step, record the commit as applied. Level-triggered: it always plans from what it
 * observes now, so a pass after a crash redoes nothing that is done (creates find what an
 * interrupted attempt made by name and marker) and the daemon may call it for any reason.
 *
 * Events on `commit:<sha>`: CommitObserved, DesiredStateRejected | PlanComputed, DriftDetected
 * (reason 'drift' with a non-empty plan), CommitApplied | CommitApplyFailed | CommitApplyStopped.
 * Per resource (`resource:<kind>/<key>`): StepStarted and its outcome (see runSteps.ts).
 */
import { loadDesiredState, type Problem } from '../desired/load.js';
import type { Plan } from '../plan/model.js';
import type { RepoReader } from '../source/repoReader.js';
import { errorEventData } from '../errors.js';
import { commitEvent, type CommitEvents, type ErrorData } from '../events/catalog.js';
import { applyPlan, type ApplyDeps, type WorkflowPorts } from './applyPlan.js';
import { planCommit, type PlannedCommit } from './planCommit.js';
import { itemCounts } from '../workflows/itemPlan.js';
import type { CloudOpener, CloudSet, ConversionHostShells } from '../ports.js';
import type { NodeHardware } from '../workflows/node/steps/context.js';

/**
 * What a pass needs: the ports of applying a plan, except that the clouds are opened from the
 * commit's own stackshift.yaml once it has validated (a commit may name other clouds).
 */
export type ReconcileDeps = Omit<ApplyDeps, keyof CloudSet> & { clouds: CloudOpener };

export type PassReason = 'commit' | 'drift' | 'resume';

export interface PassOutcome {
  result: 'applied' | 'unchanged' | 'rejected' | 'failed' | 'stopped';
  commit: string;
  changes: number;
  failedSteps: number;
  problems?: Problem[];
  /** Changes that wait for a person (confirmations, name conflicts): listed by plan, never applied. */
  pending?: number;
}

function workflowPortsOf(deps: CloudSet & { conversionHosts?: ConversionHostShells; nodeHardware?: NodeHardware }): WorkflowPorts {
  const { source, sourceAdmin, destination, destinationAdmin } = deps;
  return {
    source, destination, ...(sourceAdmin ? { sourceAdmin } : {}), ...(destinationAdmin ? { destinationAdmin } : {}),
    conversionHosts: deps.conversionHosts ?? noConversionHosts,
    ...(deps.nodeHardware ?? {}),
  };
}

/** Without SSH wiring (tests of infrastructure only) a workload step says so instead of guessing. */
const noConversionHosts: ConversionHostShells = {
  open: async (host) => {
    throw new Error(`no SSH is wired into this pass, so conversion host ${host.address} cannot be reached`);
  },
};

/** The plan as event data: counts and one line per change, not the specs. */
export function planEventData(plan: Plan): Record<string, unknown> {
  return {
    summary: plan.summary,
    steps: plan.steps.length,
    observedFingerprint: plan.observedFingerprint,
    // Enough to audit a plan; a 10,000-change plan keeps its first 1,000 here (the counts are exact).
    ...(plan.changes.length > 1000 ? { changesOmitted: plan.changes.length - 1000 } : {}),
    items: itemCounts(plan.items),
    changes: plan.changes.slice(0, 1000).map((c) => ({ kind: c.kind, key: c.key, action: c.action, destructive: c.destructive, needsConfirmation: c.needsConfirmation, ...(c.conflict ? { conflict: true } : {}), reason: c.reason })),
  };
}

export async function reconcilePass(deps: ReconcileDeps, input: { commit: string; reader: RepoReader; reason: PassReason }): Promise<PassOutcome> {
  const { commit } = input;
  const stream = `commit:${commit}`;
  const record = <T extends keyof CommitEvents>(type: T, data: CommitEvents[T]) => deps.store.append(stream, [commitEvent(type, data, commit)]);
  await record('CommitObserved', { reason: input.reason, repo: input.reader.label });

  const loaded = await loadDesiredState(input.reader);
  if (loaded.problems.length > 0) {
    await record('DesiredStateRejected', { problems: loaded.problems.map((p) => ({ ...p })) });
    return { result: 'rejected', commit, changes: 0, failedSteps: 0, problems: loaded.problems };
  }
  if (deps.signal?.aborted) return { result: 'stopped', commit, changes: 0, failedSteps: 0 };

  let planned: PlannedCommit;
  let applyDeps: ApplyDeps;
  try {
    const { clouds, ...rest } = deps;
    applyDeps = { ...rest, ...(await clouds(loaded.state.config)) };
    planned = await planCommit(applyDeps, deps.store, loaded.state, commit, { now: deps.clock.now(), ...(deps.workflows ? { preview: deps.workflows.preview } : {}) });
  } catch (err) {
    // The clouds could not be opened or observed: nothing was changed; the next pass tries again.
    await record('CommitApplyFailed', { stage: 'observe', error: errorEventData(err) as ErrorData });
    return { result: 'failed', commit, changes: 0, failedSteps: 0 };
  }
  return executePlanned(applyDeps, { commit, reason: input.reason }, planned);
}

/**
 * Records a computed plan and applies it: the second half of a pass, also used by
 * `apply --plan` once it has checked that the saved plan is not stale.
 */
export async function executePlanned(deps: ApplyDeps, input: { commit: string; reason: PassReason }, planned: PlannedCommit): Promise<PassOutcome> {
  try {
    return await executeInfra(deps, input, planned);
  } finally {
    // Workloads and nodes move in the background; the pass only hands over the desired state.
    if (deps.workflows && !deps.signal?.aborted) {
      await deps.workflows.update({ commit: input.commit, state: planned.state, ports: workflowPortsOf(deps) });
    }
  }
}

async function executeInfra(deps: ApplyDeps, input: { commit: string; reason: PassReason }, planned: PlannedCommit): Promise<PassOutcome> {
  const { commit } = input;
  const { plan, observed, projectId } = planned;
  const record = <T extends keyof CommitEvents>(type: T, data: CommitEvents[T]) => deps.store.append(`commit:${commit}`, [commitEvent(type, data, commit)]);
  await record('PlanComputed', planEventData(plan));
  const changes = plan.steps.length;
  if (input.reason === 'drift' && changes > 0) await record('DriftDetected', { steps: changes, summary: plan.summary });
  if (changes === 0) {
    const pending = plan.summary.needsConfirmation + plan.summary.conflicts;
    await record('CommitApplied', { steps: 0, changes: 0, pending });
    return { result: 'unchanged', commit, changes: 0, failedSteps: 0, pending };
  }

  const run = await applyPlan(deps, plan, observed, projectId);
  const counts = { steps: changes, completed: run.completed, failed: run.failed.length, skipped: run.skipped.length };
  if (run.stopped) {
    await record('CommitApplyStopped', counts);
    return { result: 'stopped', commit, changes, failedSteps: run.failed.length };
  }
  if (run.failed.length > 0) {
    await record('CommitApplyFailed', { ...counts, failedSteps: run.failed.map((f) => f.step) });
    return { result: 'failed', commit, changes, failedSteps: run.failed.length };
  }
  const pending = plan.summary.needsConfirmation + plan.summary.conflicts;
  await record('CommitApplied', { ...counts, changes, pending });
  return { result: 'applied', commit, changes, failedSteps: 0, pending };
}

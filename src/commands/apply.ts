/**
 * `stackshift apply`: makes the destination match the desired state. With `--plan FILE` it
 * applies exactly that saved plan, and only while the commit and the observed destination it was
 * computed against are unchanged (otherwise it refuses and says so, as Terraform refuses a stale
 * plan). Without it, it plans and applies in one go. Every step is recorded in the event log.
 */
import { readFile } from 'node:fs/promises';
import { parseVerbArgs } from '../cli/args.js';
import { codes, StackshiftError, UsageError } from '../errors.js';
import { resolveStateDir } from '../events/stateDir.js';
import { PLAN_FORMAT, type Plan } from '../plan/model.js';
import type { Output } from '../ports.js';
import { loadValidWithClouds, openRevision } from '../reconcile/commandSupport.js';
import type { PassOutcome } from '../reconcile/pass.js';
import { conversionHostShells, nodeHardware, openClouds, openEventStore, systemClock } from '../wiring.js';
import { commitEvent } from '../events/catalog.js';
import type { WorkflowPorts } from '../reconcile/applyPlan.js';
import { confirmed, processTerminal, type Terminal } from '../cli/confirm.js';
import { lineLog, parseLogFormat, type LogLine } from '../log/lineLog.js';
import { loggedOutput } from '../log/loggedOutput.js';

/**
 * What apply needs once the clouds are asked for their tokens: loaded then, while Keystone answers
 * (0.4-2 s), instead of before the requests go out (0.2-0.5 s of module loading on a busy machine).
 */
async function passModules() {
  const [pass, planCommit, registry, runner, slotLimits, bandwidth, summary, transferProgress, render, plan] = await Promise.all([
    import('../reconcile/pass.js'), import('../reconcile/planCommit.js'), import('../workflows/registry.js'), import('../workflows/runner.js'),
    import('../workflows/slotLimits.js'), import('../workflows/bandwidth.js'), import('../workflows/summary.js'), import('../reconcile/transferProgress.js'),
    import('../plan/render/index.js'), import('./plan.js'),
  ]);
  return {
    executePlanned: pass.executePlanned, reconcilePass: pass.reconcilePass, planCommit: planCommit.planCommit, workflowModules: registry.workflowModules,
    createWorkflowRunner: runner.createWorkflowRunner, slotLimits: slotLimits.slotLimits, budgetFollowing: bandwidth.budgetFollowing, itemLines: summary.itemLines,
    itemSummary: summary.itemSummary, followTransfers: transferProgress.followTransfers, renderPlan: render.renderPlan, planExitCode: plan.planExitCode,
  };
}

const usage = `usage: stackshift apply --repo DIR|URL [--plan FILE] [options]

Applies the desired state to the destination cloud, recording every step in the event log.

  --repo DIR|URL        desired-state repository (env STACKSHIFT_REPO)
  --rev REV             branch name or full commit id (default: the current branch's tip)
  --plan FILE           apply this saved plan (stackshift plan --format json --out FILE); refused
                        when the commit or the destination changed since it was computed
  --auto-approve        apply without showing the plan and asking for "yes" first
  --concurrency N       steps run at once (default 4)
  --state DIR           state directory holding the event log (env STACKSHIFT_STATE, ./.stackshift)
  --log-format FORMAT   text (default) or json: the progress and warning lines on stderr as one
                        JSON object per line (env STACKSHIFT_LOG_FORMAT); results stay on stdout

Without --plan or --auto-approve, apply shows the plan and asks for "yes" when stdin is a
terminal. When stdin is not a terminal (CI, a pipe) nobody can answer, so it applies without
asking, as scripts written before the question expect, and prints one line saying so.
A saved plan (--plan) was reviewed when it was written: it is applied without asking.

Exit status: 0 applied (or nothing to do); 3 applied what it could, but changes wait for a person
(a confirmation or a name conflict, as \`plan\` exits 3); 1 a step failed, the plan was not
approved, or an error.`;

async function readPlan(file: string): Promise<Plan> {
  let plan: Plan;
  try {
    plan = JSON.parse(await readFile(file, 'utf8')) as Plan;
  } catch (err) {
    throw new StackshiftError(codes.NOT_FOUND, `cannot read the plan ${file}: ${(err as Error).message}`, { hint: 'write one with `stackshift plan --format json --out FILE`' });
  }
  if (plan?.format !== PLAN_FORMAT || !Array.isArray(plan.steps)) {
    throw new StackshiftError(codes.PLAN_STALE, `${file} is not a stackshift plan (format ${String(plan?.format)})`, { hint: 'write one with `stackshift plan --format json --out FILE`' });
  }
  return plan;
}

function report(outcome: PassOutcome, output: Output, log: LogLine): number {
  const what = { applied: `applied ${outcome.changes} step(s)`, unchanged: 'nothing to change', rejected: 'rejected', failed: `${outcome.failedSteps} step(s) failed`, stopped: 'stopped before finishing' }[outcome.result];
  output.out(`${outcome.commit}: ${what}`);
  // Said after every apply, the first included: blocked changes need a person, not another apply.
  if (outcome.pending) output.out(`${outcome.pending} change(s) blocked, waiting for a person (a confirmation, or a same-named resource without the stackshift marker: rename or remove it, or take it over with policy.adopt) and not applied: \`stackshift plan\` lists each with what to do`);
  if (outcome.result === 'failed') log('see `stackshift events` for each failed step, with the cloud\'s error and request id; apply again to retry', { commit: outcome.commit, failedSteps: outcome.failedSteps });
  if (outcome.result !== 'applied' && outcome.result !== 'unchanged') return 1;
  return outcome.pending ? 3 : 0;
}

export async function run(argv: string[], output: Output, terminal: Terminal = processTerminal): Promise<number> {
  const { values } = parseVerbArgs('apply', argv, {
      repo: { type: 'string' }, rev: { type: 'string' }, plan: { type: 'string' }, concurrency: { type: 'string' },
      state: { type: 'string' }, 'auto-approve': { type: 'boolean', default: false }, 'log-format': { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    output.out(usage);
    return 0;
  }
  const repo = values.repo ?? process.env.STACKSHIFT_REPO;
  if (!repo) throw new UsageError('--repo is required', 'name the desired-state repository the plan was computed from');
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a positive integer, not '${values.concurrency}'`);
  const format = parseLogFormat(values['log-format'] ?? process.env.STACKSHIFT_LOG_FORMAT);
  const log = lineLog({ format, write: (line) => output.err(line), now: () => systemClock.now(), levelWords: true });
  const logged = loggedOutput(output, log, format);
  const warn = (line: string) => log(line, { level: 'warn' });
  const saved = values.plan ? await readPlan(values.plan) : undefined;
  const stateDir = resolveStateDir(values.state);

  const { commit, reader } = await openRevision(repo, values.rev ?? (saved && /^[0-9a-f]{40}$/.test(saved.commit) ? saved.commit : undefined), stateDir);
  // STACKSHIFT_DEBUG: every API call with its status and latency on stderr (as export does).
  const cloudOptions = { warn, ...(process.env.STACKSHIFT_DEBUG ? { log: (l: string) => output.err(l) } : {}) };
  const { state, clouds } = await loadValidWithClouds(commit, reader, (names) => openClouds(names, cloudOptions));
  const { executePlanned, reconcilePass, planCommit, workflowModules, createWorkflowRunner, slotLimits, budgetFollowing, itemLines, itemSummary, followTransfers, renderPlan, planExitCode } = await passModules().catch(async (err: unknown) => {
    await clouds.close();
    throw err;
  });
  const store = await openEventStore(stateDir);
  // Workloads and nodes go as far as they can now; what must wait (a window, a long backoff) is left
  // for the daemon. A step that failed transiently is retried after its first backoffs (10 s, 20 s,
  // 40 s), so one dropped connection does not end an apply with the workload half-way.
  const workflows = createWorkflowRunner<WorkflowPorts>({
    modules: workflowModules, store, clock: systemClock, slotLimit: slotLimits(() => state.config), log: (l) => log(l),
    bandwidth: budgetFollowing(systemClock, () => state.config.transfer.totalBandwidthMbps),
  });
  // The disk copies' progress while the workflows run (bars in a terminal, lines otherwise).
  const transfers = followTransfers(store, store.count(), logged, () => systemClock.now());
  const finish = async (code: number): Promise<number> => {
    const rest = await workflows.settled({ retriesWithinMs: 45_000 });
    await transfers.stop();
    if (rest.items.length > 0) {
      output.out(`workloads, volumes and nodes: ${itemSummary(rest.items)}`);
      for (const line of itemLines(rest.items)) output.out(`  ${line}`);
    }
    return code;
  };
  try {
    const deps = { store, ...clouds, clock: systemClock, output: logged, concurrency, workflows, conversionHosts: conversionHostShells(), nodeHardware: nodeHardware({ stateDir, warn }) };
    // The clouds are already open for this commit's stackshift.yaml: the pass reuses them.
    if (!saved && (values['auto-approve'] || !terminal.stdinIsTTY)) {
      if (!values['auto-approve']) warn('applying without confirmation: stdin is not a terminal, so nobody can answer "yes" (pass --auto-approve to say this is meant)');
      return await finish(report(await reconcilePass({ ...deps, clouds: async () => clouds }, { commit, reader, reason: 'commit' }), output, log));
    }
    const fresh = await planCommit(clouds, store, state, commit, { now: systemClock.now(), preview: workflows.preview });
    if (!saved) {
      // Asked at a terminal: the plan shown is the plan applied (no second look at the clouds in between).
      if (planExitCode(fresh.plan) === 2) {
        output.err(renderPlan(fresh.plan, 'text'));
        if (!(await confirmed(terminal, 'Do you want to perform these actions?'))) {
          output.err('Apply cancelled: nothing was changed.');
          return 1;
        }
      }
      await store.append(`commit:${commit}`, [commitEvent('CommitObserved', { reason: 'commit', repo: reader.label }, commit)]);
      return await finish(report(await executePlanned(deps, { commit, reason: 'commit' }, fresh), output, log));
    }
    if (saved.commit !== commit) {
      throw new StackshiftError(codes.PLAN_STALE, `the saved plan is for ${saved.commit}, but the repository is at ${commit}`, { hint: 'plan again for the current commit' });
    }
    if (fresh.plan.steps.length === 0 && saved.steps.length > 0) {
      // Applied already (by an earlier apply or the daemon): the destination is where the plan leads.
      output.out(`${commit}: the saved plan is applied already; nothing left to change`);
      return await finish(0);
    }
    if (fresh.plan.observedFingerprint !== saved.observedFingerprint) {
      log(renderPlan(fresh.plan, 'text'));
      throw new StackshiftError(codes.PLAN_STALE, 'the destination changed since the plan was computed; refusing to apply it', {
        hint: 'review the current plan above (stackshift plan) and apply that instead',
        data: { planned: saved.observedFingerprint, now: fresh.plan.observedFingerprint },
      });
    }
    await store.append(`commit:${commit}`, [commitEvent('CommitObserved', { reason: 'commit', repo: reader.label, savedPlan: true }, commit)]);
    return await finish(report(await executePlanned(deps, { commit, reason: 'commit' }, { ...fresh, plan: saved }), output, log));
  } finally {
    await transfers.stop();
    await workflows.stop();
    await store.close();
    await clouds.close();
  }
}


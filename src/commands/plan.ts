/**
 * `stackshift plan`: what applying a revision of the desired-state repository would change in
 * the destination cloud. Exit 0 when nothing would change, 2 when something would, 1 on error.
 * `--format markdown` fits a pull-request comment; `--format json` is what `apply --plan` takes.
 */
import { writeFile } from 'node:fs/promises';
import { parseVerbArgs } from '../cli/args.js';
import { codes, StackshiftError } from '../errors.js';
import { resolveStateDir } from '../events/stateDir.js';
import { PLAN_FORMATS, renderPlan, type PlanFormat } from '../plan/render/index.js';
import type { Plan } from '../plan/model.js';
import type { Output } from '../ports.js';
import { loadValidWithClouds, openRevision, readOnlyLog } from '../reconcile/commandSupport.js';
import { openClouds, systemClock } from '../wiring.js';

const usage = `usage: stackshift plan --repo DIR|URL [options]

Computes what applying the desired state would change in the destination cloud.

  --repo DIR|URL        desired-state repository: a local path or an http(s) URL (env STACKSHIFT_REPO)
  --rev REV             branch name or full commit id (default: the current branch's tip)
  --format FORMAT       text (default), markdown (a pull-request comment) or json (for apply --plan)
  --out FILE            write the plan to FILE instead of stdout
  --state DIR           state directory whose event log says what stackshift created (env STACKSHIFT_STATE)

Exit status: 0 nothing to change; 2 changes planned (apply would make them); 3 nothing apply can
do, but changes wait for a person (a confirmation, a name conflict, a blocked workload or node);
1 error.`;

export async function run(argv: string[], output: Output): Promise<number> {
  const { values } = parseVerbArgs('plan', argv, {
      repo: { type: 'string' }, rev: { type: 'string' }, format: { type: 'string', default: 'text' },
      out: { type: 'string' }, state: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, { exitCode: 1 });
  if (values.help) {
    output.out(usage);
    return 0;
  }
  const repo = values.repo ?? process.env.STACKSHIFT_REPO;
  if (!repo) throw usageError('--repo is required', 'name a local repository directory or an https:// URL');
  const format = values.format as PlanFormat;
  if (!PLAN_FORMATS.includes(format)) throw usageError(`unknown --format '${values.format}'`, `one of: ${PLAN_FORMATS.join(', ')}`);
  const stateDir = resolveStateDir(values.state);

  const { commit, reader } = await openRevision(repo, values.rev, stateDir);
  const { state, clouds } = await loadValidWithClouds(commit, reader, (names) => openClouds(names, { warn: (l) => output.err(`warning: ${l}`) }));
  try {
    // Loaded once the token requests are out (see loadValidWithClouds).
    const { planCommit } = await import('../reconcile/planCommit.js');
    const { plan } = await planCommit(clouds, readOnlyLog(stateDir), state, commit, { now: systemClock.now() });
    const text = renderPlan(plan, format);
    if (values.out) {
      await writeFile(values.out, text);
      output.err(`plan written to ${values.out}: ${plan.changes.length === 0 ? 'no changes' : `${plan.changes.length} change(s), ${plan.steps.length} step(s)`}`);
    } else {
      output.out(text.endsWith('\n') ? text.slice(0, -1) : text);
    }
    return planExitCode(plan);
  } finally {
    await clouds.close();
  }
}

/** Exit 2 means "changes planned" here, so a usage error exits 1, like any other error. */
function usageError(message: string, hint?: string): StackshiftError {
  return new StackshiftError(codes.USAGE, message, { exitCode: 1, hint: hint ?? 'see `stackshift plan --help`' });
}


/**
 * 2 when apply would change something (an infrastructure step, or a workload or node step that
 * may run now); 3 when nothing can be applied but changes wait for a person; 0 otherwise.
 */
export function planExitCode(plan: Plan): number {
  if (plan.steps.length > 0 || plan.items.some((i) => i.next.kind === 'run')) return 2;
  const waiting = plan.summary.needsConfirmation + plan.summary.conflicts + plan.items.filter((i) => i.next.kind === 'blocked').length;
  return waiting > 0 ? 3 : 0;
}

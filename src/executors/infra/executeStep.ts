/**
 * Step → the executor its kind registers for the action. Every executor is idempotent: a create
 * looks up by name and marker first, a delete of something already gone succeeds.
 */
import { codes, StackshiftError } from '../../errors.js';
import type { Step } from '../../plan/model.js';
import { kinds as registry, type KindRegistry } from '../../resources/index.js';
import type { StepContext, StepOutcome } from './context.js';

export async function executeStep(step: Step, ctx: StepContext, kinds: KindRegistry = registry): Promise<StepOutcome> {
  const def = kinds.get(step.kind);
  const run = def.executors[step.action];
  if (!run) throw new StackshiftError(codes.INTERNAL, `the ${step.kind} kind has no executor for '${step.action}'`, { hint: `add it to the executors of src/resources (kind ${step.kind})` });
  const outcome = await run(step, ctx);
  // Later steps resolve references by name: record what now exists (or no longer does).
  if (outcome.type === 'ResourceDeleted') {
    if (!step.replace) ctx.ids.delete(step.kind, step.key);
  } else if (def.registersId !== false) {
    ctx.ids.set(step.kind, step.key, outcome.id);
  }
  return outcome;
}

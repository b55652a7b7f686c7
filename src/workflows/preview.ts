/**
 * What every workflow item would do now, without doing it: folds the items' streams and decides.
 * `plan` uses a fresh fold over the log; the daemon passes its runner's folds, which are kept
 * current incrementally, so a pass reads only what was appended since the last one.
 */
import type { DesiredState } from '../desired/model.js';
import { decideAll, type ItemView } from './decideAll.js';
import { ItemFolds, type FoldSource } from './itemFolds.js';
import type { AnyWorkflowModule } from './module.js';
import { workflowModules } from './registry.js';

export type ItemPreview = (state: DesiredState, commit: string, now: number) => Promise<ItemView[]>;

export function previewFrom(source: FoldSource, modules: readonly AnyWorkflowModule[] = workflowModules, folds = new ItemFolds(source, modules)): ItemPreview {
  return async (state, commit, now) => {
    await folds.catchUp();
    return decideAll({ modules, state, items: folds.all(), known: folds.streams(), now, commit });
  };
}

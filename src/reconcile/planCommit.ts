/**
 * Observe + plan for one desired state: reads the destination (and the source images), folds the
 * keypairs stackshift owns from the log, and runs the pure planner. Used by the reconcile pass
 * and by `stackshift plan` / `apply`.
 */
import type { DesiredState } from '../desired/model.js';
import type { EventStore } from '../events/store.js';
import { IdRegistry } from '../executors/infra/context.js';
import { observeDestination, observeSourceImages } from '../executors/infra/observe.js';
import type { CloudSet } from '../ports.js';
import { desiredItems, planPolicy, type SourceImages } from '../plan/desiredItems.js';
import type { ObservedState, Plan } from '../plan/model.js';
import { observedState } from '../plan/observedState.js';
import { planInfra } from '../plan/planInfra.js';
import { ownedByLog } from './inventory.js';
import { kinds } from '../resources/index.js';
import { itemPlan } from '../workflows/itemPlan.js';
import { previewFrom, type ItemPreview } from '../workflows/preview.js';
import type { FoldSource } from '../workflows/itemFolds.js';

/** Planning reads the destination (and, for images, the source). */
export type PlanClients = CloudSet;

export interface PlannedCommit {
  plan: Plan;
  state: DesiredState;
  observed: ObservedState;
  projectId: string;
  sourceImages: SourceImages;
}

/**
 * `preview` decides the workflow items (the daemon passes its runner's; otherwise the items'
 * streams are folded afresh from the store); `now` is when windows and backoffs are judged.
 */
export async function planCommit(
  clients: PlanClients, store: Pick<EventStore, 'readAll'> & FoldSource, state: DesiredState, commit: string,
  options: { preview?: ItemPreview; now?: number } = {},
): Promise<PlannedCommit> {
  const imageNames = state.resources.image.map((r) => r.params.name);
  const [{ raw, projectId }, sourceImages, owned] = await Promise.all([
    // Observation gets the desired items (without the source images: only images need them) to skip reads no change needs.
    observeDestination(kinds.all, clients.destination, clients.destinationAdmin, desiredItems(state)),
    observeSourceImages(clients.source, imageNames),
    ownedByLog(store),
  ]);
  const observed = observedState(raw, owned, projectId);
  const plan = planInfra({ commit, desired: desiredItems(state, sourceImages), observed, policy: planPolicy(state.config), sourceImages });
  const preview = options.preview ?? previewFrom(store);
  plan.items = (await preview(state, commit, options.now ?? Date.now())).map(itemPlan);
  return { plan, state, observed, projectId, sourceImages };
}

/** Destination IDs by name, from what was observed (managed first where names repeat). */
export function idsFrom(observed: ObservedState): IdRegistry {
  const ids = new IdRegistry();
  for (const item of observed.items) if (!item.managed && !ids.find(item.kind, item.key)) ids.set(item.kind, item.key, item.id);
  for (const item of observed.items) if (item.managed) ids.set(item.kind, item.key, item.id);
  return ids;
}

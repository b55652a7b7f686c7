/**
 * Decides every item of every workflow family at one instant, pure: the desired items, plus the
 * items the log knows that are no longer desired (so a revert is decided too), in wave order so
 * that an item of wave N waits while a lower wave has items not done. Used by the runner (which
 * then acts) and by `plan` (which only shows).
 */
import type { DesiredState } from '../desired/model.js';
import type { Activity, Decision } from './decision.js';
import { decideItem, type ItemGates } from './decideItem.js';
import type { ItemState } from './itemState.js';
import { initialItemState } from './itemState.js';
import type { AnyWorkflowModule, ItemProgress } from './module.js';

export interface ItemView {
  workflow: string;
  id: string;
  stream: string;
  wave?: number;
  /** False for an item the log knows that the desired state no longer lists. */
  desired: boolean;
  /** What the desired state asks of it (absent once deselected). */
  spec?: unknown;
  decision: Decision<Activity>;
  progress: ItemProgress;
  file?: string;
  line?: number;
}

export interface DecideAllInput {
  modules: readonly AnyWorkflowModule[];
  state: DesiredState;
  /** Folded state by stream; a missing stream is an item with no history. */
  items: ReadonlyMap<string, ItemState<unknown>>;
  /** Every stream with history per family prefix (deselected items are found here). */
  known: ReadonlyMap<string, readonly string[]>;
  now: number;
  commit: string;
}

export function decideAll(input: DecideAllInput): ItemView[] {
  const views: ItemView[] = [];
  // Test families run without a stackshift.yaml: no confirmations then.
  const confirmations = input.state.config?.policy?.confirmations ?? [];
  const confirmed = (action: string, target: string) => confirmations.some((c) => c.action === action && c.target === target);
  // Decisions so far by stream: families later in the registry may come after items of earlier ones.
  const kinds = new Map<string, Decision<Activity>['kind']>();
  for (const module of input.modules) {
    const desired = module.desired(input.state);
    const desiredStreams = new Set(desired.map((d) => module.streamPrefix + d.id));
    const gone = (input.known.get(module.streamPrefix) ?? []).filter((s) => !desiredStreams.has(s));
    const entries = [
      ...desired.map((d) => ({ ...d, stream: module.streamPrefix + d.id, isDesired: true })),
      ...gone.map((stream) => ({ id: stream.slice(module.streamPrefix.length), stream, spec: undefined, isDesired: false, wave: undefined, after: undefined, file: undefined, line: undefined })),
    ].sort((a, b) => (a.wave ?? 0) - (b.wave ?? 0));
    // Entries come in wave order: what lower waves leave undone is gathered once per wave, not
    // per item (1,000 workloads in 4 waves decide in tens of milliseconds).
    const notDone = new Map<number, string[]>();
    let gatesFor: { wave: number; gates: ItemGates } | undefined;
    for (const entry of entries) {
      const item = input.items.get(entry.stream) ?? initialItemState(module);
      if (entry.wave !== undefined && gatesFor?.wave !== entry.wave) {
        const lower = [...notDone.entries()].filter(([w]) => w < entry.wave!).sort(([a], [b]) => a - b);
        // The wave named is the lowest one still running: the one this item waits for first.
        gatesFor = { wave: entry.wave, gates: lower.length > 0 ? { waveWaitsFor: { wave: lower[0]![0], pending: lower.flatMap(([, ids]) => ids) } } : {} };
      }
      const waveGates = entry.wave === undefined ? {} : gatesFor!.gates;
      const waitingFor = (entry.after ?? []).filter((s) => kinds.has(s) && kinds.get(s) !== 'done');
      const gates = waitingFor.length > 0 ? { ...waveGates, itemsWaitFor: waitingFor } : waveGates;
      const decision = decideItem(module, item, { id: entry.id, desired: entry.spec, now: input.now, commit: input.commit, confirmed }, gates);
      if (entry.wave !== undefined && decision.kind !== 'done') notDone.set(entry.wave, [...(notDone.get(entry.wave) ?? []), entry.id]);
      kinds.set(entry.stream, decision.kind);
      views.push({
        workflow: module.name, id: entry.id, stream: entry.stream, desired: entry.isDesired, decision,
        ...(entry.spec !== undefined ? { spec: entry.spec } : {}),
        progress: module.progress(item.domain, entry.spec, input.now),
        ...(entry.wave !== undefined ? { wave: entry.wave } : {}),
        ...(entry.file ? { file: entry.file } : {}), ...(entry.line ? { line: entry.line } : {}),
      });
    }
  }
  return views;
}

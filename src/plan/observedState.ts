/**
 * Raw destination lists (as the APIs return them) → ObservedState. Pure, so the planner can be
 * tested and benchmarked with hand-written or synthetic API objects. IDs become names here.
 * Which collections exist, which kinds are named by ID, which own managed children and which
 * may belong to another project: each kind says so itself (src/resources/).
 */
import { kinds as registry, type KindRegistry } from '../resources/index.js';
import type { InfraKind, ObservedItem, ObservedNames } from '../resources/types.js';
import type { ObservedState } from './model.js';

type Raw = Record<string, unknown>;

/** What observe() reads from the destination: one list per kind's collection ('networks', 'ports', ...). */
export type RawDestination = Record<string, Raw[]>;

export function emptyRawDestination(kinds: KindRegistry = registry): RawDestination {
  return Object.fromEntries(kinds.all.map((k) => [k.collection, []]));
}

/**
 * `owned`: names per kind the event log says stackshift created (kinds without a cloud marker).
 * `projectId`: when given, resources of other projects (the shared external network) are still
 * observed — they resolve references — but never count as managed.
 */
export function observedState(raw: RawDestination, owned: ReadonlyMap<InfraKind, ReadonlySet<string>> = new Map(), projectId?: string, kinds: KindRegistry = registry): ObservedState {
  const ours = (r: Raw) => projectId === undefined || r.project_id === undefined || r.project_id === projectId || r.tenant_id === projectId;
  const idNames = new Map<InfraKind, Map<string, string>>();
  const owners = new Map<InfraKind, Set<string>>();
  for (const def of kinds.all) {
    const list = raw[def.collection] ?? [];
    if (def.namedById) idNames.set(def.kind, new Map(list.map((r) => [String(r.id), String(r.name ?? '')])));
    const manages = def.managesChildren;
    if (manages) owners.set(def.kind, new Set(list.filter((r) => manages(r, ours(r))).map((r) => String(r.name))));
  }
  const names: ObservedNames = {
    nameOf: (kind, id) => idNames.get(kind)?.get(id),
    managesChildren: (kind, name) => owners.get(kind)?.has(name) ?? false,
    ownedByLog: (kind, name) => owned.get(kind)?.has(name) ?? false,
  };
  const items: ObservedItem[] = [];
  for (const def of kinds.all) {
    for (const r of raw[def.collection] ?? []) {
      for (const item of def.fromObserved(r, names)) {
        if (def.projectScoped && !ours(r)) item.managed = false;
        items.push(item);
      }
    }
  }
  return { items };
}

/**
 * Raw destination lists (as the APIs return them) → ObservedState. Pure, so the planner can be
 * tested and benchmarked with hand-written or synthetic API objects. IDs become names here.
 */
import { DEFAULT_GROUP } from '../resources/securityGroup.js';
import { hasMarkerTag } from '../resources/common.js';
import { kindByName } from '../resources/index.js';
import type { InfraKind, ObservedItem, ObservedNames } from '../resources/types.js';
import type { ObservedState } from './model.js';

type Raw = Record<string, unknown>;

/** What observe() reads from the destination, one list per API collection. */
export interface RawDestination {
  networks: Raw[];
  subnets: Raw[];
  routers: Raw[];
  /** Router interface ports (device_owner network:router_interface*). */
  ports: Raw[];
  securityGroups: Raw[];
  securityGroupRules: Raw[];
  flavors: Raw[];
  keypairs: Raw[];
  images: Raw[];
}

export function emptyRawDestination(): RawDestination {
  return { networks: [], subnets: [], routers: [], ports: [], securityGroups: [], securityGroupRules: [], flavors: [], keypairs: [], images: [] };
}

function names(list: Raw[]): Map<string, string> {
  return new Map(list.map((r) => [String(r.id), String(r.name ?? '')]));
}

/**
 * `ownedKeypairs`: keypair names the event log says stackshift created (keypairs carry no marker).
 * `projectId`: when given, Neutron resources of other projects (the shared external network)
 * are still observed — they resolve references — but never count as managed.
 */
export function observedState(raw: RawDestination, ownedKeypairs: Iterable<string> = [], projectId?: string): ObservedState {
  const ours = (r: Raw) => projectId === undefined || r.project_id === undefined || r.project_id === projectId || r.tenant_id === projectId;
  const mark = (r: Raw) => ours(r) && hasMarkerTag(r.tags);
  const context: ObservedNames = {
    networks: names(raw.networks),
    subnets: names(raw.subnets),
    routers: names(raw.routers),
    securityGroups: names(raw.securityGroups),
    managedSecurityGroups: new Set(raw.securityGroups.filter((g) => mark(g) || (ours(g) && g.name === DEFAULT_GROUP)).map((g) => String(g.name))),
    managedRouters: new Set(raw.routers.filter(mark).map((r) => String(r.name))),
    ownedKeypairs: new Set(ownedKeypairs),
  };
  const items: ObservedItem[] = [];
  const lists: [InfraKind, Raw[]][] = [
    ['network', raw.networks], ['subnet', raw.subnets], ['router', raw.routers], ['router_interface', raw.ports],
    ['security_group', raw.securityGroups], ['security_group_rule', raw.securityGroupRules],
    ['flavor', raw.flavors], ['keypair', raw.keypairs], ['image', raw.images],
  ];
  for (const [kind, list] of lists) {
    const def = kindByName[kind];
    for (const r of list) {
      for (const item of def.fromObserved(r, context)) {
        if (!ours(r) && (kind === 'network' || kind === 'subnet' || kind === 'router' || kind === 'security_group')) item.managed = false;
        items.push(item);
      }
    }
  }
  return { items };
}

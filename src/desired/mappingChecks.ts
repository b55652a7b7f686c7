/**
 * Every mapping key must name something the snapshots use: a mapping that matches nothing is
 * almost always a typo, and a silent no-op would put a workload on the wrong network.
 */
import type { ResourcesByKind } from './model.js';
import type { Problem } from './problem.js';
import { problemAt, type Segment, type YamlFile } from './yamlFile.js';

type Raw = Record<string, any>;

export interface UsedNames {
  networks: Set<string>;
  flavors: Set<string>;
  volumeTypes: Set<string>;
  availabilityZones: Set<string>;
  /** False when some snapshot could not be read, so absence proves nothing. */
  complete?: boolean;
}

export function usedNames(resources: ResourcesByKind): UsedNames {
  const used: UsedNames = { networks: new Set(), flavors: new Set(), volumeTypes: new Set(), availabilityZones: new Set() };
  const add = (set: Set<string>, value: unknown): void => {
    if (typeof value === 'string') set.add(value);
  };
  for (const n of resources.network) add(used.networks, n.params.name);
  for (const s of resources.subnet) add(used.networks, s.params.network_ref.name);
  for (const r of resources.router) add(used.networks, r.params.external_gateway_refinfo?.network_ref?.name);
  for (const i of resources.router_interface) add(used.networks, i.params.network_ref.name);
  for (const f of resources.flavor) add(used.flavors, f.params.name);
  for (const v of resources.volume) {
    add(used.volumeTypes, v.params.volume_type);
    add(used.availabilityZones, v.params.availability_zone);
  }
  for (const s of resources.server) {
    add(used.flavors, s.params.flavor_ref.name);
    add(used.availabilityZones, s.params.availability_zone);
    for (const p of s.params.ports) add(used.networks, p.params.network_ref.name);
    for (const f of s.params.floating_ips ?? []) add(used.networks, f.params.floating_network_ref?.name);
    for (const v of s.params.volumes ?? []) {
      add(used.volumeTypes, v.params.volume_type);
      add(used.availabilityZones, v.params.availability_zone);
    }
  }
  return used;
}

const WHAT: Record<Exclude<keyof UsedNames, 'complete'>, string> = {
  networks: 'network', flavors: 'flavor', volumeTypes: 'volume type', availabilityZones: 'availability zone',
};

/** Checks `mappings` at `path` of `file` (stackshift.yaml or one workloads.yaml entry). */
export function checkMappings(file: YamlFile, path: Segment[], mappings: Raw | undefined, used: UsedNames, problems: Problem[]): void {
  if (!mappings || typeof mappings !== 'object' || used.complete === false) return;
  for (const key of Object.keys(WHAT) as (keyof typeof WHAT)[]) {
    const map = mappings[key];
    if (!map || typeof map !== 'object') continue;
    for (const name of Object.keys(map)) {
      if (used[key].has(name)) continue;
      problems.push(problemAt(file, [...path, key, name], `mapping for ${WHAT[key]} '${name}' matches no ${WHAT[key]} in the snapshots`,
        `check the spelling; known: ${[...used[key]].slice(0, 10).join(', ') || 'none'}`, { key: true }));
    }
  }
}

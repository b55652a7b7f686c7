/**
 * Flavors: Nova flavors have no tags, so the marker is a suffix on the description
 * (`[managed by stackshift]`, microversion 2.55). Nova flavors are immutable except their
 * description and extra specs: a change to vcpus, ram, disk, ephemeral, swap or is_public is a
 * replace (delete, then create under the same name; existing servers keep their copy). A flavor
 * named in `mappings.flavors` already exists in the destination and is not created.
 */
import type { FlavorParams } from '../desired/model.js';
import { diffFields, FLAVOR_MARKER, opt, str } from './common.js';
import type { ResourceKindDef, Spec } from './types.js';
import { adoptFlavor, createFlavor, deleteFlavor, updateFlavor } from '../executors/infra/nova.js';
import { listFlavors } from '../executors/infra/observe.js';

/** The description stackshift writes: the desired one with the marker appended. */
export function markedDescription(description: unknown): string {
  return typeof description === 'string' && description !== '' ? `${description} ${FLAVOR_MARKER}` : FLAVOR_MARKER;
}

function unmarked(description: string): string {
  return description === FLAVOR_MARKER ? '' : description.endsWith(` ${FLAVOR_MARKER}`) ? description.slice(0, -FLAVOR_MARKER.length - 1) : description;
}

function num(value: unknown): number {
  // Nova answers swap "" for none before microversion 2.75.
  return typeof value === 'number' ? value : Number(value) || 0;
}

export const flavor: ResourceKindDef = {
  kind: 'flavor',
  order: 6,
  collection: 'flavors',
  observe: (ctx) => listFlavors(ctx.admin ?? ctx.client),
  executors: { create: createFlavor, update: updateFlavor, adopt: adoptFlavor, delete: deleteFlavor },
  fromDesired(resource, ctx) {
    const p = resource.params as FlavorParams;
    if (ctx.flavors[p.name] !== undefined) return [];
    const spec: Spec = {
      name: p.name,
      vcpus: p.vcpus,
      ram: p.ram,
      disk: p.disk,
      ephemeral: p.ephemeral ?? 0,
      swap: p.swap ?? 0,
      is_public: opt(p.is_public),
      description: p.description ?? '',
      extra_specs: { ...(p.extra_specs ?? {}) },
    };
    return [{ kind: 'flavor', key: p.name, spec, refs: [], file: resource.file, line: resource.line }];
  },
  key: (spec) => String(spec.name),
  dependsOn: () => [],
  diff: (desired, observed) =>
    diffFields(desired, observed, [
      { field: 'vcpus', inPlace: false },
      { field: 'ram', inPlace: false },
      { field: 'disk', inPlace: false },
      { field: 'ephemeral', inPlace: false },
      { field: 'swap', inPlace: false },
      { field: 'is_public', inPlace: false },
      { field: 'description', inPlace: true },
      { field: 'extra_specs', inPlace: true },
    ]),
  fromObserved(raw) {
    const description = str(raw.description) ?? '';
    const spec: Spec = {
      name: str(raw.name) ?? '',
      vcpus: raw.vcpus,
      ram: raw.ram,
      disk: raw.disk,
      ephemeral: num(raw['OS-FLV-EXT-DATA:ephemeral']),
      swap: num(raw.swap),
      is_public: raw['os-flavor-access:is_public'],
      description: unmarked(description),
      extra_specs: (raw.extra_specs as Record<string, string> | undefined) ?? {},
    };
    const managed = description === FLAVOR_MARKER || description.endsWith(` ${FLAVOR_MARKER}`);
    return [{ kind: 'flavor', key: String(spec.name), id: String(raw.id), spec, refs: [], managed }];
  },
};

/**
 * Helpers shared by the resource kinds: the stackshift marker, stable comparison and
 * field-by-field diffs. Pure.
 */
import type { Ref as SnapshotRef } from '../desired/model.js';
import type { Diff, FieldChange, Spec } from './types.js';

/**
 * The marker that says "stackshift created this". Neutron resources carry the tag `stackshift`;
 * Glance images the property `stackshift_managed: 'true'`; flavors (no tags in Nova) a suffix on
 * their description; keypairs (no tags, no description) are owned when the event log says
 * stackshift created them.
 */
export const MARKER_TAG = 'stackshift';
export const IMAGE_MARKER_PROPERTY = 'stackshift_managed';
export const FLAVOR_MARKER = '[managed by stackshift]';

/** Deterministic JSON: object keys sorted, so equal values serialise equally. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Deep equality where null and undefined are the same and key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b || (a == null && b == null)) return true;
  if (a == null || b == null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (!sameValue(x[k], y[k])) return false;
  for (const k in y) if (!(k in x) && y[k] != null) return false;
  return true;
}

export interface FieldRule {
  field: string;
  inPlace: boolean;
}

/**
 * Compares the listed fields. A field the desired spec leaves undefined is not managed (the
 * destination's default stands), so it never shows as a difference.
 */
export function diffFields(desired: Spec, observed: Spec, rules: FieldRule[]): Diff {
  const fields: FieldChange[] = [];
  for (const { field, inPlace } of rules) {
    const want = desired[field];
    if (want === undefined) continue;
    if (!sameValue(want, observed[field])) fields.push({ field, from: observed[field] ?? null, to: want, inPlace });
  }
  if (fields.length === 0) return { action: 'none', fields };
  return { action: fields.every((f) => f.inPlace) ? 'update' : 'replace', fields };
}

/** A name from an OS-Migrate ref, or undefined. */
export function refName(ref: SnapshotRef | null | undefined): string | undefined {
  return ref && typeof ref.name === 'string' ? ref.name : undefined;
}

/** `null`/absent become undefined: "not managed" rather than "must be null". */
export function opt<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

/** User tags without the marker, sorted, for comparison. */
export function userTags(tags: unknown): string[] {
  return (Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [])
    .filter((t) => t !== MARKER_TAG && !t.startsWith(`${MARKER_TAG}:`))
    .sort();
}

export function hasMarkerTag(tags: unknown): boolean {
  return Array.isArray(tags) && tags.includes(MARKER_TAG);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Sorted copy by canonical form: list order means nothing to Neutron for pools and routes. */
export function sortedList(value: unknown): unknown[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value.length < 2) return [...value];
  return value
    .map((item) => [canonical(item), item] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, item]) => item);
}

export function mapName(mapping: Record<string, string>, name: string): string {
  return mapping[name] ?? name;
}

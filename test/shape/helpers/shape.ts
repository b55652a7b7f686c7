/**
 * Response shapes: a JSON value flattened to `path → set of JSON types`, and the differences
 * between a real cloud's reply and the simulator's. Values are not compared (ids, names and
 * times differ by nature) except at paths a probe names explicitly.
 */
import { headersOfInterest } from './scrub.js';
import type { Reply } from './session.js';

type Shape = Map<string, Set<string>>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'empty-array' : 'array';
  // Empty containers say nothing about their members' shape, so children are not compared.
  if (typeof value === 'object' && Object.keys(value as object).length === 0) return 'empty-object';
  return typeof value;
}

/** `dynamic` names paths whose keys are data (metadata, extra_specs, addresses): their values are merged under `{}`. */
export function shapeOf(value: unknown, dynamic: string[] = []): Shape {
  const shape: Shape = new Map();
  const visit = (v: unknown, path: string): void => {
    const set = shape.get(path) ?? new Set<string>();
    set.add(typeOf(v));
    shape.set(path, set);
    if (Array.isArray(v)) for (const item of v) visit(item, `${path}[]`);
    else if (v && typeof v === 'object') {
      const isMap = dynamic.includes(path);
      for (const [k, child] of Object.entries(v)) visit(child, isMap ? `${path}{}` : path === '' ? k : `${path}.${k}`);
    }
  };
  visit(value, '');
  return shape;
}

function parentOf(path: string): string {
  if (path.endsWith('[]') || path.endsWith('{}')) return path.slice(0, -2);
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

/** A child is only comparable when both sides have its parent as a non-empty container. */
function comparable(path: string, real: Shape, sim: Shape): boolean {
  if (path === '') return true;
  const parent = parentOf(path);
  const container = (s: Shape): boolean => { const t = s.get(parent); return !!t && (t.has('object') || t.has('array')); };
  return container(real) && container(sim) && comparable(parent, real, sim);
}

export function shapeDifferences(real: unknown, sim: unknown, dynamic: string[] = []): string[] {
  const a = shapeOf(real, dynamic);
  const b = shapeOf(sim, dynamic);
  const out: string[] = [];
  for (const [path, types] of a) {
    if (!comparable(path, a, b)) continue;
    const other = b.get(path);
    const name = path === '' ? '(body)' : path;
    if (!other) { out.push(`missing ${name}`); continue; }
    const solid = (s: Set<string>): string[] => [...s].filter((t) => t !== 'null').map((t) => (t === 'empty-array' ? 'array' : t === 'empty-object' ? 'object' : t));
    const x = solid(types);
    const y = solid(other);
    if (x.length > 0 && y.length > 0 && !x.some((t) => y.includes(t))) out.push(`type ${name}: real ${x.join('|')}, sim ${y.join('|')}`);
  }
  for (const path of b.keys()) if (!a.has(path) && comparable(path, a, b)) out.push(`extra ${path}`);
  return out;
}

export function valueAt(body: unknown, path: string): unknown {
  let here: unknown = body;
  for (const part of path.split('.')) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, unknown>)[part];
  }
  return here;
}

export interface Expectation {
  /** Paths whose keys are data (metadata maps). */
  dynamic?: string[];
  /** Paths whose values must be equal (error types, states). */
  values?: string[];
  /** Headers that must be present when the real reply has them (besides headersOfInterest). */
  expectHeaders?: string[];
  /** Paths that are data in this reply (a property the probe itself set on one listed item). */
  ignore?: string[];
  /** Objects that may carry free-form extra keys (Glance image properties): extras there are data. */
  openObjects?: string[];
}

/** Every difference between a recorded real reply and a simulator reply, as one-line strings. */
export function replyDifferences(real: Reply, sim: Reply, expect: Expectation = {}): string[] {
  const out: string[] = [];
  if (real.status !== sim.status) out.push(`status: real ${real.status}, sim ${sim.status}`);
  const media = (h: Record<string, string>): string => (h['content-type'] ?? '').split(';')[0]!.trim();
  if (media(real.headers) !== media(sim.headers)) out.push(`content-type: real ${media(real.headers) || '-'}, sim ${media(sim.headers) || '-'}`);
  const checked = new Set([...headersOfInterest.filter((h) => h !== 'vary' && h !== 'content-type'), ...(expect.expectHeaders ?? [])]);
  for (const name of checked) {
    if (name in real.headers && !(name in sim.headers)) out.push(`header missing ${name}`);
  }
  if (real.status === sim.status) {
    const ignored = (d: string) => (expect.ignore ?? []).some((path) => d.endsWith(` ${path}`)) ||
      (expect.openObjects ?? []).some((path) => d.startsWith(`extra ${path === '' ? '' : `${path}.`}`) && !d.slice(`extra ${path}.`.length).includes('.'));
    out.push(...shapeDifferences(real.body, sim.body, expect.dynamic).filter((d) => !ignored(d)));
    for (const path of expect.values ?? []) {
      const x = JSON.stringify(valueAt(real.body, path));
      const y = JSON.stringify(valueAt(sim.body, path));
      if (x !== y) out.push(`value ${path}: real ${x}, sim ${y}`);
    }
  }
  return out;
}

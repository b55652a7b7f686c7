/**
 * Decisions → an ordered DAG of idempotent steps. Creates follow references (network before
 * subnet before interface); deletes go the other way (an interface before its subnet); a
 * replace is a delete then a create of the same key. A router's static routes are a step of
 * their own after its interfaces, since Neutron needs the next hop on an attached subnet.
 */
import { kindByName } from '../resources/index.js';
import type { ObservedItem } from '../resources/types.js';
import { type Decision, refId } from './changes.js';
import { type Step, stepId } from './model.js';

export function buildSteps(decisions: Decision[], observed: ObservedItem[]): Step[] {
  const steps = new Map<string, Step>();
  const add = (step: Step): Step => {
    steps.set(step.id, step);
    return step;
  };
  const createFor = new Map<string, string>(); // refId → step that makes it exist
  const deleteFor = new Map<string, string>(); // refId → step that removes it
  const routed: Step[] = []; // router steps that set routes: after the router's interfaces

  for (const { change, desired, observed: o } of decisions) {
    if (change.needsConfirmation) continue;
    const id = refId(change.kind, change.key);
    if ((change.action === 'delete' || change.action === 'replace') && o) {
      const del = add({ id: stepId('delete', o.kind, o.key), kind: o.kind, key: o.key, action: 'delete', dependsOn: [], spec: o.spec, targetId: o.id, destructive: true, ...(change.action === 'replace' ? { replace: true } : {}) });
      deleteFor.set(id, del.id);
    }
    if ((change.action === 'create' || change.action === 'replace') && desired) {
      const routes = desired.kind === 'router' && Array.isArray(desired.spec.routes) && desired.spec.routes.length > 0;
      const spec = routes ? { ...desired.spec, routes: [] } : desired.spec;
      const create = add({ id: stepId('create', desired.kind, desired.key), kind: desired.kind, key: desired.key, action: 'create', dependsOn: change.action === 'replace' ? [stepId('delete', desired.kind, desired.key)] : [], spec, destructive: false });
      createFor.set(id, create.id);
      if (routes) routed.push(add({ id: stepId('routes', 'router', desired.key), kind: 'router', key: desired.key, action: 'routes', dependsOn: [create.id], spec: desired.spec, destructive: false }));
    }
    if (change.action === 'update' && desired && o) {
      const update = add({ id: stepId('update', desired.kind, desired.key), kind: desired.kind, key: desired.key, action: 'update', dependsOn: [], spec: desired.spec, fields: change.fields.map((f) => f.field), targetId: o.id, destructive: false });
      if (desired.kind === 'router' && update.fields?.includes('routes')) routed.push(update);
    }
  }

  // Creates and updates wait for what they reference to be created.
  for (const { change, desired } of decisions) {
    if (change.needsConfirmation || !desired) continue;
    for (const action of ['create', 'update'] as const) {
      const step = steps.get(stepId(action, desired.kind, desired.key));
      if (!step) continue;
      for (const r of desired.refs) {
        const dep = createFor.get(refId(r.kind, r.key));
        if (dep && dep !== step.id) step.dependsOn.push(dep);
      }
    }
  }
  for (const step of routed) {
    for (const s of steps.values())
      if (s.kind === 'router_interface' && s.action === 'create' && s.spec?.router === step.key) step.dependsOn.push(s.id);
  }

  // Deletes wait for the deletion of everything that references what they delete. An interface or
  // a rule without a step of its own goes with its owner's delete.
  for (const o of observed) {
    if (!o.managed) continue;
    let by = deleteFor.get(refId(o.kind, o.key));
    const owner = kindByName[o.kind].ownedBy;
    const ownerRef = owner ? o.refs.find((r) => r.kind === owner) : undefined;
    if (!by && ownerRef) by = deleteFor.get(refId(ownerRef.kind, ownerRef.key));
    if (!by) continue;
    for (const r of o.refs) {
      const target = deleteFor.get(refId(r.kind, r.key));
      if (target && target !== by) steps.get(target)?.dependsOn.push(by);
    }
  }
  for (const s of steps.values()) s.dependsOn = [...new Set(s.dependsOn)].sort();
  return orderSteps([...steps.values()]);
}

const ACTION_RANK = { delete: 0, create: 1, update: 2, routes: 3 } as const;

function rank(s: Step): [number, number, string] {
  return [kindByName[s.kind].order, ACTION_RANK[s.action], s.key];
}

function before(a: Step, b: Step): boolean {
  const [x, y] = [rank(a), rank(b)];
  return x[0] !== y[0] ? x[0] < y[0] : x[1] !== y[1] ? x[1] < y[1] : x[2] < y[2];
}

/** Topological order (Kahn), ties broken by kind order, action and key so plans are stable. */
export function orderSteps(steps: Step[]): Step[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const waiting = new Map(steps.map((s) => [s.id, s.dependsOn.filter((d) => byId.has(d)).length]));
  const dependents = new Map<string, Step[]>();
  for (const s of steps) {
    for (const d of s.dependsOn) {
      const list = dependents.get(d);
      if (list) list.push(s);
      else dependents.set(d, [s]);
    }
  }
  const ready = new MinHeap<Step>(before);
  for (const s of steps) if (waiting.get(s.id) === 0) ready.push(s);
  const out: Step[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    out.push(next);
    for (const d of dependents.get(next.id) ?? []) {
      const left = (waiting.get(d.id) ?? 0) - 1;
      waiting.set(d.id, left);
      if (left === 0) ready.push(d);
    }
  }
  if (out.length !== steps.length) throw new Error(`plan has a dependency cycle among ${steps.length - out.length} steps`);
  return out;
}

/** A binary heap: plans of 10,000 steps must order in milliseconds, not re-sort per step. */
class MinHeap<T> {
  private items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => boolean) {}
  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i] as T, a[parent] as T)) break;
      [a[i], a[parent]] = [a[parent] as T, a[i] as T];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as T, a[m] as T)) m = l;
        if (r < a.length && this.less(a[r] as T, a[m] as T)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as T, a[i] as T];
        i = m;
      }
    }
    return top;
  }
}

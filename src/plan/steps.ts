/**
 * Decisions → an ordered DAG of idempotent steps. Creates follow references (network before
 * subnet before interface); deletes go the other way (an interface before its subnet); a
 * replace is a delete then a create of the same key. A kind may split off a follow-up step that
 * waits for other steps (a router's static routes wait for its interfaces: Neutron needs the
 * next hop on an attached subnet).
 */
import { kinds as registry, type KindRegistry } from '../resources/index.js';
import type { ObservedItem } from '../resources/types.js';
import { type Decision, refId } from './changes.js';
import { type Step, stepId } from './model.js';
import { codes, StackshiftError } from '../errors.js';

export function buildSteps(decisions: Decision[], observed: ObservedItem[], kinds: KindRegistry = registry): Step[] {
  const steps = new Map<string, Step>();
  const add = (step: Step): Step => {
    steps.set(step.id, step);
    return step;
  };
  const createFor = new Map<string, string>(); // refId → step that makes it exist
  const deleteFor = new Map<string, string>(); // refId → step that removes it
  const followUps: Array<{ step: Step; after: (s: Step) => boolean }> = []; // steps that wait for others

  for (const { change, desired, observed: o } of decisions) {
    if (change.needsConfirmation) continue;
    const id = refId(change.kind, change.key);
    if ((change.action === 'delete' || change.action === 'replace') && o) {
      const del = add({ id: stepId('delete', o.kind, o.key), kind: o.kind, key: o.key, action: 'delete', dependsOn: [], spec: o.spec, targetId: o.id, destructive: true, ...(change.action === 'replace' ? { replace: true } : {}) });
      deleteFor.set(id, del.id);
    }
    if ((change.action === 'create' || change.action === 'replace') && desired) {
      const split = kinds.get(desired.kind).followUp?.(desired, 'create', []);
      const spec = split?.createSpec ?? desired.spec;
      const create = add({ id: stepId('create', desired.kind, desired.key), kind: desired.kind, key: desired.key, action: 'create', dependsOn: change.action === 'replace' ? [stepId('delete', desired.kind, desired.key)] : [], spec, destructive: false });
      createFor.set(id, create.id);
      if (split?.step) {
        const next = add({ id: stepId(split.step.action, desired.kind, desired.key), kind: desired.kind, key: desired.key, action: split.step.action, dependsOn: [create.id], spec: split.step.spec, destructive: false });
        followUps.push({ step: next, after: split.after });
      }
    }
    if (change.action === 'update' && desired && o && change.adopt) {
      // The marker first: once it is set, the resource is stackshift's even if the update fails.
      const adopt = add({ id: stepId('adopt', desired.kind, desired.key), kind: desired.kind, key: desired.key, action: 'adopt', dependsOn: [], spec: desired.spec, targetId: o.id, destructive: false });
      const fields = change.fields.slice(1).map((f) => f.field);
      if (fields.length > 0) add({ id: stepId('update', desired.kind, desired.key), kind: desired.kind, key: desired.key, action: 'update', dependsOn: [adopt.id], spec: desired.spec, fields, targetId: o.id, destructive: false });
    } else if (change.action === 'update' && desired && o) {
      const fields = change.fields.map((f) => f.field);
      const update = add({ id: stepId('update', desired.kind, desired.key), kind: desired.kind, key: desired.key, action: 'update', dependsOn: [], spec: desired.spec, fields, targetId: o.id, destructive: false });
      const split = kinds.get(desired.kind).followUp?.(desired, 'update', fields);
      if (split) followUps.push({ step: update, after: split.after });
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
  for (const { step, after } of followUps) {
    for (const s of steps.values()) if (s !== step && after(s)) step.dependsOn.push(s.id);
  }

  // Deletes wait for the deletion of everything that references what they delete. An interface or
  // a rule without a step of its own goes with its owner's delete.
  for (const o of observed) {
    if (!o.managed) continue;
    let by = deleteFor.get(refId(o.kind, o.key));
    const owner = kinds.get(o.kind).ownedBy;
    const ownerRef = owner ? o.refs.find((r) => r.kind === owner) : undefined;
    if (!by && ownerRef) by = deleteFor.get(refId(ownerRef.kind, ownerRef.key));
    if (!by) continue;
    for (const r of o.refs) {
      const target = deleteFor.get(refId(r.kind, r.key));
      if (target && target !== by) steps.get(target)?.dependsOn.push(by);
    }
  }
  for (const s of steps.values()) s.dependsOn = [...new Set(s.dependsOn)].sort();
  return orderSteps([...steps.values()], kinds);
}

/** Ties are broken deletes first, then creates, updates and follow-up actions. */
const ACTION_RANK: Record<string, number> = { delete: 0, create: 1, update: 2 };

function rank(s: Step, kinds: KindRegistry): [number, number, string] {
  return [kinds.get(s.kind).order, ACTION_RANK[s.action] ?? 3, s.key];
}

function before(a: Step, b: Step, kinds: KindRegistry): boolean {
  const [x, y] = [rank(a, kinds), rank(b, kinds)];
  return x[0] !== y[0] ? x[0] < y[0] : x[1] !== y[1] ? x[1] < y[1] : x[2] < y[2];
}

/** Topological order (Kahn), ties broken by kind order, action and key so plans are stable. */
export function orderSteps(steps: Step[], kinds: KindRegistry = registry): Step[] {
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
  const ready = new MinHeap<Step>((a, b) => before(a, b, kinds));
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
  if (out.length !== steps.length) throw new StackshiftError(codes.INTERNAL, `plan has a dependency cycle among ${steps.length - out.length} steps`, { hint: 'this is a bug in a resource kind\'s references; report it with the plan (stackshift plan --format json)' });
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

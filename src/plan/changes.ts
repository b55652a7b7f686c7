/**
 * Desired × observed → resource-level changes. Pure. Matching is by kind and key (the name, in
 * the destination project); a match counts only when it carries the stackshift marker or its
 * kind may adopt it. Nothing without the marker is ever updated or deleted.
 */
import { kinds as registry, type KindRegistry } from '../resources/index.js';
import type { Change, DesiredItem, Diff, FieldChange, ObservedItem } from '../resources/types.js';
import type { PlanPolicy } from './model.js';

export interface Decision {
  change: Change;
  desired?: DesiredItem;
  observed?: ObservedItem;
}

export const refId = (kind: string, key: string): string => `${kind}/${key}`;

function index(items: ObservedItem[]): Map<string, ObservedItem[]> {
  const out = new Map<string, ObservedItem[]>();
  for (const item of items) {
    const id = refId(item.kind, item.key);
    const list = out.get(id);
    if (list) list.push(item);
    else out.set(id, [item]);
  }
  return out;
}

function base(item: { kind: DesiredItem['kind']; key: string }): Pick<Change, 'kind' | 'key'> {
  return { kind: item.kind, key: item.key };
}

/** Decides per desired item, then per managed observed item the desired state no longer lists. */
export function decideChanges(desired: DesiredItem[], observed: ObservedItem[], policy: PlanPolicy, kinds: KindRegistry = registry): Decision[] {
  const byKey = index(observed);
  const wanted = new Map<string, DesiredItem>();
  for (const d of desired) if (!wanted.has(refId(d.kind, d.key))) wanted.set(refId(d.kind, d.key), d);
  const decisions: Decision[] = [];

  for (const d of wanted.values()) {
    const def = kinds.get(d.kind);
    const matches = byKey.get(refId(d.kind, d.key)) ?? [];
    const usable = matches.filter((o) => o.managed || def.adopt?.(d.spec, o));
    const missingRef = d.refs.find((r) => !wanted.has(refId(r.kind, r.key)) && !byKey.has(refId(r.kind, r.key)));
    if (missingRef) {
      decisions.push({ desired: d, change: { ...base(d), action: 'create', fields: [], reason: `needs ${missingRef.kind} '${missingRef.key}', which neither the desired state nor the destination has; create it there or map it in stackshift.yaml`, destructive: false, needsConfirmation: true, conflict: true } });
      continue;
    }
    if (usable.length > 1) {
      decisions.push({ desired: d, change: { ...base(d), action: 'update', fields: [], reason: `${usable.length} destination ${d.kind}s named '${d.key}' carry the stackshift marker; remove the extra ones`, destructive: false, needsConfirmation: true, conflict: true } });
      continue;
    }
    const o = usable[0];
    if (!o) {
      if (matches.length === 1 && (policy.adopt ?? []).includes(refId(d.kind, d.key)) && def.executors.adopt) {
        decisions.push(adoption(d, matches[0]!, def.diff(d.spec, matches[0]!.spec)));
      } else if (matches.length > 0) {
        const adoptable = def.executors.adopt ? `, or take it over: add '${refId(d.kind, d.key)}' to policy.adopt in stackshift.yaml` : '';
        decisions.push({ desired: d, change: { ...base(d), action: 'create', fields: [], reason: `a ${d.kind} named '${d.key}' exists in the destination without the stackshift marker; rename or remove it${adoptable}`, destructive: false, needsConfirmation: true, conflict: true } });
      } else {
        decisions.push({ desired: d, change: { ...base(d), action: 'create', fields: [], reason: 'absent from the destination', destructive: false, needsConfirmation: false } });
      }
      continue;
    }
    const diff = def.diff(d.spec, o.spec);
    if (diff.action === 'none') continue;
    const fixed = diff.fields.filter((f) => !f.inPlace).map((f) => f.field);
    const reason = diff.action === 'replace' ? `OpenStack cannot change ${fixed.join(', ')} in place` : `${diff.fields.map((f) => f.field).join(', ')} differ`;
    decisions.push({ desired: d, observed: o, change: { ...base(d), action: diff.action, fields: diff.fields, reason, destructive: diff.action === 'replace', needsConfirmation: false } });
  }

  const candidates = observed.filter((o) => o.managed && !wanted.has(refId(o.kind, o.key)));
  for (const o of candidates) {
    const def = kinds.get(o.kind);
    const owner = def.ownedBy;
    const ownerRef = owner ? o.refs.find((r) => r.kind === owner) : undefined;
    // Rules and interfaces go with their owner when the owner is deleted, and are left alone
    // when the owner is not stackshift's to converge (the project's `default` group, undesired).
    if (ownerRef && !wanted.has(refId(ownerRef.kind, ownerRef.key))) continue;
    // Extra rules in a group stackshift converges are convergence, not prune.
    const convergence = def.convergesWithOwner === true && ownerRef !== undefined && wanted.has(refId(ownerRef.kind, ownerRef.key));
    const allowed = convergence || policy.prune || (policy.confirmed ?? []).includes(refId(o.kind, o.key));
    const reason = convergence
      ? `not in the desired rules of security group '${ownerRef?.key}'`
      : allowed
        ? 'no longer in the desired state (policy allows deleting it)'
        : 'no longer in the desired state; needs confirmation: set policy.prune, or add a delete-destination-resource confirmation for it, in stackshift.yaml';
    decisions.push({ observed: o, change: { ...base(o), action: 'delete', fields: [], reason, destructive: true, needsConfirmation: !allowed } });
  }
  cascadeReplaces(decisions, observed, wanted);
  return decisions;
}

/**
 * Taking over a same-named resource listed in policy.adopt: it gets the marker, then its fields
 * converge in place. One that only a replace would converge stays blocked: adoption never deletes.
 */
function adoption(d: DesiredItem, o: ObservedItem, diff: Diff): Decision {
  const fixed = diff.fields.filter((f) => !f.inPlace).map((f) => f.field);
  if (fixed.length > 0) {
    return { desired: d, change: { ...base(d), action: 'update', fields: diff.fields, reason: `policy.adopt names it, but its ${fixed.join(', ')} differ and OpenStack cannot change them in place; make the snapshot match the destination's or remove it there`, destructive: false, needsConfirmation: true, conflict: true } };
  }
  const marker: FieldChange = { field: 'stackshift marker', from: null, to: 'set', inPlace: true };
  const differ = diff.fields.length > 0 ? `; ${diff.fields.map((f) => f.field).join(', ')} differ` : '';
  return { desired: d, observed: o, change: { ...base(d), action: 'update', fields: [marker, ...diff.fields], reason: `taken over (policy.adopt): it gets the stackshift marker${differ}`, destructive: false, needsConfirmation: false, adopt: true } };
}

/**
 * A replaced resource gets a new ID, so managed resources that reference it (a subnet's router
 * interfaces) are replaced with it, to the end of the chain.
 */
function cascadeReplaces(decisions: Decision[], observed: ObservedItem[], wanted: Map<string, DesiredItem>): void {
  const byId = new Map(decisions.map((x) => [refId(x.change.kind, x.change.key), x]));
  const queue = decisions.filter((x) => x.change.action === 'replace').map((x) => refId(x.change.kind, x.change.key));
  const replaced = new Set(queue);
  while (queue.length > 0) {
    const target = queue.shift() as string;
    for (const o of observed) {
      const id = refId(o.kind, o.key);
      if (!o.managed || replaced.has(id) || !o.refs.some((r) => refId(r.kind, r.key) === target)) continue;
      const desired = wanted.get(id);
      if (!desired) continue; // not desired: its delete is already planned
      const reason = `${target} is replaced and this references it`;
      const existing = byId.get(id);
      if (existing?.change.conflict || existing?.change.action === 'create') continue;
      if (existing) Object.assign(existing.change, { action: 'replace', reason: `${existing.change.reason}; ${reason}`, destructive: true });
      else {
        const decision: Decision = { desired, observed: o, change: { kind: o.kind, key: o.key, action: 'replace', fields: [], reason, destructive: true, needsConfirmation: false } };
        decisions.push(decision);
        byId.set(id, decision);
      }
      replaced.add(id);
      queue.push(id);
    }
  }
}

/**
 * Step executors for security groups and rules. A new group's rules (Neutron's default egress
 * rules) that no planned rule step asks for are deleted right after it is created, so the group's
 * rules converge exactly to the desired ones; those a rule step asks for are kept and handed to
 * it (a delete and a create saved each). A crash before that leaves extra rules that the next
 * plan deletes. A rule that already exists (409) counts as created: rules have no name, their
 * content is their identity.
 */
import { MARKER_TAG } from '../../resources/common.js';
import type { Spec } from '../../resources/types.js';
import type { Step } from '../../plan/model.js';
import { deleteIgnoringAbsent, httpStatus, type StepContext, type StepOutcome } from './context.js';
import { createTagged, ensureTags, findMarked } from './neutronCommon.js';

interface Rule {
  id: string;
  direction?: string;
  ethertype?: string;
  protocol?: string | null;
  port_range_min?: number | null;
  port_range_max?: number | null;
  remote_ip_prefix?: string | null;
  remote_group_id?: string | null;
  description?: string | null;
}

/** The planned rule step asks for exactly this rule as Neutron made it (prefix as exported, description). */
function asksFor(spec: Spec, rule: Rule): boolean {
  return spec.direction === rule.direction && spec.ethertype === rule.ethertype
    && (spec.protocol ?? null) === (rule.protocol ?? null)
    && (spec.port_range_min ?? null) === (rule.port_range_min ?? null) && (spec.port_range_max ?? null) === (rule.port_range_max ?? null)
    && spec.remote_group == null && rule.remote_group_id == null
    && ((spec.remote_ip_prefix_as_exported as string | undefined) ?? spec.remote_ip_prefix ?? null) === (rule.remote_ip_prefix ?? null)
    && (spec.description || '') === (rule.description || '');
}

export async function createSecurityGroup(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const spec = step.spec as Spec;
  const existing = await findMarked(ctx, 'security-groups', String(spec.name));
  if (existing) return { type: 'ResourceCreated', id: existing, found: true };
  const group = await createTagged(ctx, 'security-groups', 'security_group', { name: spec.name, description: spec.description, ...(spec.stateful === false ? { stateful: false } : {}) }, spec.tags);
  const wanted = (ctx.plannedSteps ?? []).filter((s) => s.kind === 'security_group_rule' && s.action === 'create' && s.spec?.security_group === spec.name);
  for (const rule of (group.security_group_rules as Rule[] | undefined) ?? []) {
    const step = wanted.find((s) => asksFor(s.spec as Spec, rule) && !ctx.madeFor?.has(s.id));
    if (step && ctx.madeFor) {
      ctx.madeFor.set(step.id, rule.id);
      continue;
    }
    await deleteIgnoringAbsent(() => ctx.destination.request({ service: 'network', method: 'DELETE', path: `/security-group-rules/${rule.id}` }));
  }
  return { type: 'ResourceCreated', id: group.id, ...(group.requestId ? { requestId: group.requestId } : {}) };
}

export async function updateSecurityGroup(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const spec = step.spec as Spec;
  const id = step.targetId as string;
  const changed = { ...(step.fields?.includes('description') ? { description: spec.description } : {}), ...(step.fields?.includes('stateful') ? { stateful: spec.stateful } : {}) };
  if (Object.keys(changed).length > 0) {
    await ctx.destination.request({ service: 'network', method: 'PUT', path: `/security-groups/${id}`, body: { security_group: changed } });
  }
  // The adopted `default` group is not stackshift's: it gets the desired tags but no marker.
  if (step.fields?.includes('tags')) await ensureTags(ctx, 'security-groups', id, [], [...((spec.tags as string[]) ?? []), ...(step.key === 'default' ? [] : [MARKER_TAG])], true);
  return { type: 'ResourceUpdated', id };
}

export async function deleteSecurityGroup(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const id = step.targetId as string;
  await deleteIgnoringAbsent(() => ctx.destination.request({ service: 'network', method: 'DELETE', path: `/security-groups/${id}` }));
  return { type: 'ResourceDeleted', id };
}

function ruleBody(step: Step, ctx: StepContext): Record<string, unknown> {
  const s = step.spec as Spec;
  return {
    security_group_id: ctx.ids.get('security_group', String(s.security_group)),
    direction: s.direction,
    ethertype: s.ethertype,
    protocol: s.protocol ?? undefined,
    port_range_min: s.port_range_min ?? undefined,
    port_range_max: s.port_range_max ?? undefined,
    remote_ip_prefix: (s.remote_ip_prefix_as_exported as string | undefined) ?? s.remote_ip_prefix ?? undefined,
    remote_group_id: typeof s.remote_group === 'string' ? ctx.ids.get('security_group', s.remote_group) : undefined,
    description: s.description || undefined,
  };
}

export async function createSecurityGroupRule(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const made = ctx.madeFor?.get(step.id);
  if (made) return { type: 'ResourceCreated', id: made, found: true };
  try {
    const res = await ctx.destination.request<{ security_group_rule: Rule }>({ service: 'network', method: 'POST', path: '/security-group-rules', body: { security_group_rule: ruleBody(step, ctx) }, expect: [201] });
    return { type: 'ResourceCreated', id: res.body.security_group_rule.id, ...(res.requestId ? { requestId: res.requestId } : {}) };
  } catch (err) {
    if (httpStatus(err) !== 409) throw err;
    // SecurityGroupRuleExists: the message carries the existing rule's id.
    const id = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(String((err as Error).message))?.[1] ?? 'existing';
    return { type: 'ResourceCreated', id, found: true };
  }
}

/**
 * Many rules in one POST (Neutron's bulk create, one transaction: all or none are made; the reply
 * lists them in the order asked). Rules a new group already has (madeFor) are not asked for.
 */
export async function createSecurityGroupRules(steps: Step[], ctx: StepContext): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  const asked: number[] = [];
  for (const [i, step] of steps.entries()) {
    const made = ctx.madeFor?.get(step.id);
    if (made) outcomes[i] = { type: 'ResourceCreated', id: made, found: true };
    else asked.push(i);
  }
  if (asked.length > 0) {
    const res = await ctx.destination.request<{ security_group_rules: Rule[] }>({
      service: 'network', method: 'POST', path: '/security-group-rules', body: { security_group_rules: asked.map((i) => ruleBody(steps[i]!, ctx)) }, expect: [201],
    });
    const rules = res.body.security_group_rules;
    if (rules.length !== asked.length) throw new Error(`Neutron made ${rules.length} of ${asked.length} rules asked for in one request`);
    for (const [j, i] of asked.entries()) outcomes[i] = { type: 'ResourceCreated', id: rules[j]!.id, ...(res.requestId ? { requestId: res.requestId } : {}) };
  }
  return outcomes;
}

export async function deleteSecurityGroupRule(step: Step, ctx: StepContext): Promise<StepOutcome> {
  const id = step.targetId as string;
  await deleteIgnoringAbsent(() => ctx.destination.request({ service: 'network', method: 'DELETE', path: `/security-group-rules/${id}` }));
  return { type: 'ResourceDeleted', id };
}

/**
 * Security groups and rules. Every project has a `default` group (created on its first Neutron
 * call) with the four rules Neutron gives it; every new group starts with the two default egress
 * rules (IPv4 and IPv6). A duplicate rule is 409 SecurityGroupRuleExists naming the existing rule.
 */
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { bodyOf, invalid, isAdmin, listReply, notFound, overQuota, owner, showReply, str } from './common.js';
import { formatCidr, parseCidr } from './ipam.js';
import { ports, securityGroupRules, securityGroups, standard, touch, type SecurityGroup, type SecurityGroupRule } from './model.js';

const groupKeys = ['name', 'description', 'tenant_id', 'project_id', 'stateful', 'tags'] as const;
const ruleKeys = ['security_group_id', 'direction', 'ethertype', 'protocol', 'port_range_min', 'port_range_max', 'remote_ip_prefix',
  'remote_group_id', 'remote_address_group_id', 'description', 'tenant_id', 'project_id'] as const;

export const sgNotFound = (id: string) => notFound('SecurityGroupNotFound', `Security group ${id} does not exist`);

function newGroup(cloud: SimCloud, projectId: string, name: string, description: string, id?: string): SecurityGroup {
  const group: SecurityGroup = { ...standard(cloud, projectId, name, description, id), stateful: true, shared: false };
  securityGroups(cloud).put(group);
  for (const ethertype of ['IPv4', 'IPv6'] as const) addRule(cloud, group, { direction: 'egress', ethertype });
  return group;
}

/** The project's `default` group, created (with its four rules) the first time it is needed. */
export function ensureDefaultSecurityGroup(cloud: SimCloud, projectId: string): SecurityGroup {
  const existing = securityGroups(cloud).find((g) => g.project_id === projectId && g.name === 'default');
  if (existing) return existing;
  const group = newGroup(cloud, projectId, 'default', 'Default security group');
  for (const ethertype of ['IPv4', 'IPv6'] as const) addRule(cloud, group, { direction: 'ingress', ethertype, remote_group_id: group.id });
  return group;
}

export function createSecurityGroup(cloud: SimCloud, projectId: string, a: Record<string, unknown>, id?: string): SecurityGroup {
  ensureDefaultSecurityGroup(cloud, projectId);
  const name = str(a.name, 'name');
  if (name === 'default') throw new ApiError(409, 'Default security group already exists.', { type: 'SecurityGroupDefaultAlreadyExists' });
  const used = securityGroups(cloud).count('project_id', projectId);
  if (!cloud.quotas.allows(projectId, 'security_group', used)) throw overQuota('security_group');
  const group = newGroup(cloud, projectId, name, str(a.description, 'description'), id);
  if (a.stateful !== undefined) group.stateful = bool(a.stateful, 'stateful');
  return group;
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalid(field, `'${String(value)}' cannot be converted to boolean`);
  return value;
}

/** Validates and adds a rule; 409 when an identical rule exists. */
export function addRule(cloud: SimCloud, group: SecurityGroup, a: Record<string, unknown>, id?: string): SecurityGroupRule {
  const direction = a.direction;
  if (direction !== 'ingress' && direction !== 'egress') throw invalid('direction', `${JSON.stringify(direction)} is not in ['ingress', 'egress']`);
  const ethertype = (a.ethertype ?? 'IPv4') as string;
  if (ethertype !== 'IPv4' && ethertype !== 'IPv6') throw invalid('ethertype', `${JSON.stringify(ethertype)} is not in ['IPv4', 'IPv6']`);
  const protocol = a.protocol === undefined || a.protocol === null || a.protocol === 'any' ? null : String(a.protocol).toLowerCase();
  const min = a.port_range_min === undefined || a.port_range_min === null ? null : Number(a.port_range_min);
  const max = a.port_range_max === undefined || a.port_range_max === null ? null : Number(a.port_range_max);
  if ((protocol === 'tcp' || protocol === 'udp') && min !== null) {
    if (!Number.isInteger(min) || min < 1 || min > 65535) throw new ApiError(400, `Invalid value for port ${String(a.port_range_min)}.`, { type: 'SecurityGroupInvalidPortValue' });
    if (max !== null && (max < min || max > 65535)) {
      throw new ApiError(400, 'For TCP/UDP protocols, port_range_min must be <= port_range_max', { type: 'SecurityGroupInvalidPortRange' });
    }
  }
  const prefix = (a.remote_ip_prefix ?? null) as string | null;
  const remoteGroup = (a.remote_group_id ?? null) as string | null;
  if (prefix !== null && remoteGroup !== null) {
    throw new ApiError(400, 'Only remote_ip_prefix or remote_group_id may be provided.', { type: 'SecurityGroupRemoteGroupAndRemoteIpPrefix' });
  }
  let normalized: string | null = null;
  if (prefix !== null) {
    const cidr = parseCidr(prefix.includes('/') ? prefix : `${prefix}/${prefix.includes(':') ? 128 : 32}`);
    if (!cidr) throw invalid('remote_ip_prefix', `'${prefix}' is not a valid IP subnet`);
    if ((cidr.version === 4) !== (ethertype === 'IPv4')) {
      throw new ApiError(400, `Conflicting value ethertype ${ethertype} for CIDR ${prefix}`, { type: 'SecurityGroupRuleParameterConflict' });
    }
    normalized = formatCidr(cidr);
  }
  if (remoteGroup !== null && !securityGroups(cloud).has(remoteGroup)) throw sgNotFound(remoteGroup);
  const key = (r: Pick<SecurityGroupRule, 'direction' | 'ethertype' | 'protocol' | 'port_range_min' | 'port_range_max' | 'normalized_cidr' | 'remote_group_id'>) =>
    JSON.stringify([r.direction, r.ethertype, r.protocol, r.port_range_min, r.port_range_max, r.normalized_cidr, r.remote_group_id]);
  const rule: SecurityGroupRule = {
    ...standard(cloud, group.project_id, '', str(a.description, 'description'), id),
    security_group_id: group.id,
    direction,
    ethertype,
    protocol,
    port_range_min: min,
    port_range_max: max ?? (min !== null ? min : null),
    remote_ip_prefix: prefix,
    remote_group_id: remoteGroup,
    remote_address_group_id: null,
    normalized_cidr: normalized,
    standard_attr_id: securityGroupRules(cloud).size + securityGroups(cloud).size + 1,
  };
  const duplicate = securityGroupRules(cloud).find((r) => r.security_group_id === group.id && key(r) === key(rule));
  if (duplicate) throw new ApiError(409, `Security group rule already exists. Rule id is ${duplicate.id}.`, { type: 'SecurityGroupRuleExists' });
  const { name: _name, ...stored } = rule;
  securityGroupRules(cloud).put(stored as SecurityGroupRule);
  touch(cloud, group);
  return stored as SecurityGroupRule;
}

function findGroup(ctx: RequestContext, id: string): SecurityGroup {
  const g = securityGroups(ctx.cloud).get(id);
  if (!g || !(isAdmin(ctx) || g.project_id === ctx.auth!.projectId)) throw sgNotFound(id);
  return g;
}

/** A rule on its own: the recorded cloud shows neither tags nor standard_attr_id here (only inside a group). */
function ruleView(r: SecurityGroupRule): Record<string, unknown> {
  const { tags: _t, standard_attr_id: _s, ...rest } = r;
  return rest;
}

function groupView(cloud: SimCloud, g: SecurityGroup): Record<string, unknown> {
  return { ...g, security_group_rules: securityGroupRules(cloud).filter((r) => r.security_group_id === g.id).map((r) => ({ ...r })) };
}

export function securityGroupRoutes(t: RouteTable): void {
  const visible = (ctx: RequestContext) => {
    ensureDefaultSecurityGroup(ctx.cloud, ctx.auth!.projectId);
    return (isAdmin(ctx) ? securityGroups(ctx.cloud).values() : securityGroups(ctx.cloud).where('project_id', ctx.auth!.projectId));
  };
  t.get('/v2.0/security-groups', (ctx) => listReply(ctx, 'security_groups', visible(ctx), (g) => groupView(ctx.cloud, g)));
  t.get('/v2.0/security-groups/{id}', (ctx) => showReply(ctx, 'security_group', groupView(ctx.cloud, findGroup(ctx, ctx.params.id!))));
  t.post('/v2.0/security-groups', (ctx) => {
    const a = bodyOf(ctx, 'security_group', groupKeys);
    return showReply(ctx, 'security_group', groupView(ctx.cloud, createSecurityGroup(ctx.cloud, owner(ctx, a), a)), 201);
  });
  t.put('/v2.0/security-groups/{id}', (ctx) => {
    const g = findGroup(ctx, ctx.params.id!);
    const a = bodyOf(ctx, 'security_group', ['name', 'description', 'stateful']);
    if (a.name !== undefined) {
      if (g.name === 'default' && a.name !== 'default') throw new ApiError(409, 'Updating default security group not allowed.', { type: 'SecurityGroupCannotUpdateDefault' });
      g.name = str(a.name, 'name');
    }
    if (a.description !== undefined) g.description = str(a.description, 'description');
    if (a.stateful !== undefined) g.stateful = bool(a.stateful, 'stateful');
    touch(ctx.cloud, g);
    return showReply(ctx, 'security_group', groupView(ctx.cloud, g));
  });
  t.delete('/v2.0/security-groups/{id}', (ctx) => {
    const g = findGroup(ctx, ctx.params.id!);
    if (g.name === 'default' && !isAdmin(ctx)) throw new ApiError(409, 'Insufficient rights for removing default security group.', { type: 'SecurityGroupCannotRemoveDefault' });
    if (ports(ctx.cloud).find((p) => p.security_groups.includes(g.id))) throw new ApiError(409, `Security Group ${g.id} in use.`, { type: 'SecurityGroupInUse' });
    for (const r of securityGroupRules(ctx.cloud).filter((r) => r.security_group_id === g.id)) securityGroupRules(ctx.cloud).delete(r.id);
    securityGroups(ctx.cloud).delete(g.id);
    return { status: 204 };
  });
  const ruleVisible = (ctx: RequestContext) => {
    ensureDefaultSecurityGroup(ctx.cloud, ctx.auth!.projectId);
    return (isAdmin(ctx) ? securityGroupRules(ctx.cloud).values() : securityGroupRules(ctx.cloud).where('project_id', ctx.auth!.projectId));
  };
  t.get('/v2.0/security-group-rules', (ctx) => listReply(ctx, 'security_group_rules', ruleVisible(ctx), ruleView));
  t.get('/v2.0/security-group-rules/{id}', (ctx) => {
    const r = ruleVisible(ctx).find((r) => r.id === ctx.params.id);
    if (!r) throw notFound('SecurityGroupRuleNotFound', `Security group rule ${ctx.params.id!} does not exist`);
    return showReply(ctx, 'security_group_rule', ruleView(r));
  });
  t.post('/v2.0/security-group-rules', (ctx) => {
    if (Array.isArray((ctx.body as Record<string, unknown> | undefined)?.security_group_rules)) return createRulesInBulk(ctx);
    const a = bodyOf(ctx, 'security_group_rule', ruleKeys);
    const group = findGroup(ctx, String(a.security_group_id));
    owner(ctx, a);
    const used = securityGroupRules(ctx.cloud).filter((r) => r.project_id === group.project_id).length;
    if (!ctx.cloud.quotas.allows(group.project_id, 'security_group_rule', used)) throw overQuota('security_group_rule');
    return showReply(ctx, 'security_group_rule', ruleView(addRule(ctx.cloud, group, a)), 201);
  });
  t.delete('/v2.0/security-group-rules/{id}', (ctx) => {
    const r = ruleVisible(ctx).find((r) => r.id === ctx.params.id);
    if (!r) throw notFound('SecurityGroupRuleNotFound', `Security group rule ${ctx.params.id!} does not exist`);
    securityGroupRules(ctx.cloud).delete(r.id);
    return { status: 204 };
  });
}

/**
 * Neutron's bulk create (`{"security_group_rules": [...]}`): all or nothing, as the real one (one
 * transaction); the rules come back in the order asked. As Zed answers: rules of more than one
 * group are a 400 (SecurityGroupNotSingleGroupRules), a rule given twice a 409 before any is made
 * (DuplicateSecurityGroupRuleInPost), one that exists already a 409 that rolls the others back.
 */
function createRulesInBulk(ctx: RequestContext): { status: number; body: unknown } {
  const list = (ctx.body as { security_group_rules: unknown[] }).security_group_rules;
  const asked = list.map((item) => bodyOf({ ...ctx, body: { security_group_rule: item } } as RequestContext, 'security_group_rule', ruleKeys));
  const same = (a: Record<string, unknown>) => JSON.stringify(['security_group_id', 'direction', 'ethertype', 'protocol', 'port_range_min', 'port_range_max', 'remote_ip_prefix', 'remote_group_id'].map((k) => a[k] ?? null));
  if (new Set(asked.map((a) => a.security_group_id)).size > 1) {
    throw new ApiError(400, 'Only allowed to update rules for one security profile at a time', { type: 'SecurityGroupNotSingleGroupRules' });
  }
  if (new Set(asked.map(same)).size !== asked.length) throw new ApiError(409, 'Duplicate Security Group Rule in POST.', { type: 'DuplicateSecurityGroupRuleInPost' });
  const made: SecurityGroupRule[] = [];
  try {
    for (const a of asked) {
      const group = findGroup(ctx, String(a.security_group_id));
      owner(ctx, a);
      const used = securityGroupRules(ctx.cloud).filter((r) => r.project_id === group.project_id).length;
      if (!ctx.cloud.quotas.allows(group.project_id, 'security_group_rule', used)) throw overQuota('security_group_rule');
      made.push(addRule(ctx.cloud, group, a));
    }
  } catch (err) {
    for (const r of made) securityGroupRules(ctx.cloud).delete(r.id);
    throw err;
  }
  return { status: 201, body: { security_group_rules: made.map(ruleView) } };
}

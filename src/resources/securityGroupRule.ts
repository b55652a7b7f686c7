/**
 * Security group rules: Neutron rules have no name and cannot be updated, so a rule's identity
 * is everything it matches on (group, direction, ether type, protocol, ports, remote). A changed
 * rule is a new key: the old one is deleted and the new one created. Rules belong to their
 * group: in a group stackshift manages, rules the desired state does not list (including the
 * ones Neutron adds to a new group) are deleted as convergence, not as prune.
 */
import type { SecurityGroupRuleParams } from '../desired/model.js';
import { refName } from './common.js';
import type { ResourceKindDef, Spec } from './types.js';
import { createSecurityGroupRule, createSecurityGroupRules, deleteSecurityGroupRule } from '../executors/infra/neutronSecurity.js';
import { neutronList } from '../executors/infra/observe.js';

/** 0.0.0.0/0 and ::/0 mean "anywhere", as an absent prefix does; Neutron may return either. */
function remotePrefix(prefix: unknown): string | null {
  if (typeof prefix !== 'string' || prefix === '' || prefix === '0.0.0.0/0' || prefix === '::/0') return null;
  return prefix;
}

function protocol(value: unknown): string | null {
  return value === null || value === undefined || value === '' || value === 'any' ? null : String(value).toLowerCase();
}

function port(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

export const securityGroupRule: ResourceKindDef = {
  kind: 'security_group_rule',
  order: 5,
  // One small POST (~0.3 s).
  stepCost: 0.5,
  ownedBy: 'security_group',
  // A group stackshift converges has exactly the desired rules: extra ones go without prune.
  convergesWithOwner: true,
  collection: 'securityGroupRules',
  observe: (ctx) => neutronList(ctx, '/security-group-rules', 'security_group_rules', { project_id: ctx.projectId }),
  registersId: false,
  executors: { create: createSecurityGroupRule, delete: deleteSecurityGroupRule },
  // A group's ready rules go to Neutron in one request (15 groups of 6: 15 POSTs instead of 90);
  // Neutron refuses rules of two groups in one request (SecurityGroupNotSingleGroupRules).
  createMany: createSecurityGroupRules,
  batchKey: (step) => String(step.spec?.security_group),
  fromDesired(resource) {
    const p = resource.params as SecurityGroupRuleParams;
    const spec: Spec = {
      security_group: refName(p.security_group_ref) ?? '',
      direction: p.direction,
      ethertype: p.ether_type,
      protocol: protocol(p.protocol),
      port_range_min: port(p.port_range_min),
      port_range_max: port(p.port_range_max),
      remote_ip_prefix: remotePrefix(p.remote_ip_prefix),
      remote_group: refName(p.remote_group_ref) ?? null,
      description: p.description ?? '',
      // Matched as "anywhere" either way, but created as written: a re-export then equals the source's.
      ...(typeof p.remote_ip_prefix === 'string' && p.remote_ip_prefix !== '' ? { remote_ip_prefix_as_exported: p.remote_ip_prefix } : {}),
    };
    const item = { kind: 'security_group_rule' as const, key: securityGroupRule.key(spec), spec, refs: securityGroupRule.dependsOn(spec), file: resource.file, line: resource.line };
    return [item];
  },
  key: (s) =>
    `${s.security_group}/${s.direction}/${s.ethertype}/${s.protocol ?? 'any'}/${s.port_range_min ?? ''}-${s.port_range_max ?? ''}/${s.remote_group ? `group:${s.remote_group}` : (s.remote_ip_prefix ?? 'anywhere')}`,
  dependsOn: (spec) => [
    { kind: 'security_group', key: String(spec.security_group) },
    ...(typeof spec.remote_group === 'string' ? [{ kind: 'security_group' as const, key: spec.remote_group }] : []),
  ],
  // Everything that identifies a rule is in its key; the description alone never forces a change.
  diff: () => ({ action: 'none', fields: [] }),
  fromObserved(raw, names) {
    const group = names.nameOf('security_group', String(raw.security_group_id)) ?? String(raw.security_group_id);
    const spec: Spec = {
      security_group: group,
      direction: raw.direction,
      ethertype: raw.ethertype,
      protocol: protocol(raw.protocol),
      port_range_min: port(raw.port_range_min),
      port_range_max: port(raw.port_range_max),
      remote_ip_prefix: remotePrefix(raw.remote_ip_prefix),
      remote_group: raw.remote_group_id ? (names.nameOf('security_group', String(raw.remote_group_id)) ?? String(raw.remote_group_id)) : null,
      description: typeof raw.description === 'string' ? raw.description : '',
    };
    const managed = names.managesChildren('security_group', group);
    return [{ kind: 'security_group_rule', key: securityGroupRule.key(spec), id: String(raw.id), spec, refs: securityGroupRule.dependsOn(spec), managed }];
  },
};

/**
 * Stable names for resources, used in event streams (`resource:<kind>/<key>`) and plans.
 * Most kinds are named by `params.name`; security group rules and router interfaces have no
 * name in OpenStack, so their key is built from what identifies them.
 */
import type { DesiredResource, ResourceKind, SecurityGroupRuleParams, RouterInterfaceParams } from './model.js';

function ruleKey(p: SecurityGroupRuleParams): string {
  const ports = p.port_range_min == null && p.port_range_max == null ? 'any' : `${p.port_range_min ?? ''}-${p.port_range_max ?? ''}`;
  const remote = p.remote_group_ref ? `group:${p.remote_group_ref.name}` : (p.remote_ip_prefix ?? 'any');
  return [p.security_group_ref.name, p.direction, p.ether_type, p.protocol ?? 'any', ports, remote].join(':');
}

function interfaceKey(p: RouterInterfaceParams): string {
  const ips = p.fixed_ips_refs.map((f) => `${f.subnet_ref.name}${f.ip_address ? `@${f.ip_address}` : ''}`);
  return [p.device_ref.name, ...ips].join(':');
}

/** The key of one resource, unique within its kind in a valid repository. */
export function resourceKey(resource: DesiredResource): string {
  switch (resource.kind) {
    case 'security_group_rule':
      return ruleKey((resource as DesiredResource<'security_group_rule'>).params);
    case 'router_interface':
      return interfaceKey((resource as DesiredResource<'router_interface'>).params);
    default:
      return (resource.params as { name: string }).name;
  }
}

/** `<kind>/<key>`, the suffix of a resource's event stream. */
export function resourceId(resource: DesiredResource): string {
  return `${resource.kind satisfies ResourceKind}/${resourceKey(resource)}`;
}

/** security_group_rules.yml: rules of the project's groups; remote groups referenced by name. */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { KindExporter, SnapshotResource } from '../types.js';
import { byId, nameOf, owner } from './util.js';

const groupName = (r: SnapshotResource) => String((r.params.security_group_ref as { name?: string }).name ?? '');

export const securityGroupRules: KindExporter = {
  kind: 'security_group_rule',
  needs: ['securityGroups', 'securityGroupRules'],
  build: ({ observed, ref }) => {
    const all = byId(observed.securityGroups);
    const own = new Set(observed.securityGroups.filter((g) => owner(g) === observed.projectId).map((g) => g.id));
    return observed.securityGroupRules
      .filter((r) => own.has(r.security_group_id))
      .map((r) => {
        const group = all.get(r.security_group_id)!;
        const remote = r.remote_group_id ? all.get(r.remote_group_id) : undefined;
        return {
          type: RESOURCE_TYPES.security_group_rule,
          params: {
            description: r.description ?? '',
            direction: r.direction,
            ether_type: r.ethertype,
            port_range_max: r.port_range_max ?? null,
            port_range_min: r.port_range_min ?? null,
            protocol: r.protocol ?? null,
            remote_group_ref: remote ? ref(nameOf(remote), owner(remote)) : null,
            remote_ip_prefix: r.remote_ip_prefix ?? null,
            security_group_ref: ref(nameOf(group), owner(group)),
          },
          _info: {
            created_at: r.created_at ?? null,
            id: r.id,
            project_id: r.project_id ?? null,
            remote_group_id: r.remote_group_id ?? null,
            revision_number: r.revision_number ?? null,
            security_group_id: r.security_group_id,
            updated_at: r.updated_at ?? null,
          },
        };
      });
  },
  filterName: groupName,
  sortKey: (r) => {
    const p = r.params;
    const remote = (p.remote_group_ref as { name?: string } | null)?.name ?? '';
    const port = (v: unknown) => (v === null ? '' : String(v).padStart(5, '0'));
    return [groupName(r), p.direction, p.ether_type, p.protocol ?? '', port(p.port_range_min), port(p.port_range_max), p.remote_ip_prefix ?? '', remote, p.description ?? '', r._info.id].join('\u0000');
  },
};

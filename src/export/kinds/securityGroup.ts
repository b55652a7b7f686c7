/** security_groups.yml: the project's security groups (name, description, stateless; rules are their own file). */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { KindExporter } from '../types.js';
import { nameFilter, nameKey, nameOf, owner } from './util.js';

export const securityGroups: KindExporter = {
  kind: 'security_group',
  needs: ['securityGroups'],
  build: ({ observed }) =>
    observed.securityGroups
      .filter((g) => owner(g) === observed.projectId)
      .map((g) => ({
        type: RESOURCE_TYPES.security_group,
        // OS-Migrate 1.0.5 drops `stateful`; a stateless group would come back stateful.
        params: { description: g.description ?? '', name: nameOf(g), ...(g.stateful === false ? { stateful: false } : {}) },
        _info: {
          created_at: g.created_at ?? null,
          id: g.id,
          project_id: owner(g) ?? null,
          revision_number: g.revision_number ?? null,
          updated_at: g.updated_at ?? null,
        },
      })),
  filterName: nameFilter,
  sortKey: nameKey,
};

/**
 * Security groups: by name plus the `stackshift` tag. Neutron adds default egress rules to every
 * new group; the create step removes them so the rules converge exactly to the desired ones. The
 * project's own `default` group cannot be created or deleted, so it is adopted: its description
 * and rules are converged, it is never deleted.
 */
import type { SecurityGroupParams } from '../desired/model.js';
import { diffFields, hasMarkerTag, str, userTags } from './common.js';
import type { ResourceKindDef, Spec } from './types.js';
import { createSecurityGroup, deleteSecurityGroup, updateSecurityGroup } from '../executors/infra/neutronSecurity.js';
import { neutronList } from '../executors/infra/observe.js';
import { addMarkerTag } from '../executors/infra/neutronCommon.js';

export const DEFAULT_GROUP = 'default';

/** What fromObserved, managesChildren and the project check read of a group. */
const GROUP_FIELDS = ['id', 'name', 'description', 'stateful', 'tags', 'project_id'];

export const securityGroup: ResourceKindDef = {
  kind: 'security_group',
  order: 4,
  collection: 'securityGroups',
  // Without `fields` each group comes with all its rules (the rule kind lists them itself): the real
  // cloud's Neutron then took 3-6 times as long as for the rule list, and 1.5-4 times as long as
  // with `fields` (58 kB for the 15 groups of issue 15's tenant, 3 kB with them).
  observe: (ctx) => neutronList(ctx, '/security-groups', 'security_groups', { project_id: ctx.projectId, fields: GROUP_FIELDS }),
  projectScoped: true,
  namedById: true,
  // Rules of a marked group are stackshift's to converge, and so are those of the project's `default`.
  managesChildren: (raw, ours) => ours && (hasMarkerTag(raw.tags) || raw.name === DEFAULT_GROUP),
  executors: { create: createSecurityGroup, update: updateSecurityGroup, adopt: addMarkerTag('security-groups'), delete: deleteSecurityGroup },
  fromDesired(resource) {
    const p = resource.params as SecurityGroupParams & { tags?: string[] | null };
    const spec: Spec = { name: p.name, description: p.description ?? '', stateful: p.stateful ?? true, tags: userTags(p.tags) };
    return [{ kind: 'security_group', key: p.name, spec, refs: [], file: resource.file, line: resource.line }];
  },
  key: (spec) => String(spec.name),
  dependsOn: () => [],
  diff: (desired, observed) =>
    diffFields(desired, observed, [
      { field: 'description', inPlace: true },
      { field: 'stateful', inPlace: true },
      { field: 'tags', inPlace: true },
    ]),
  fromObserved(raw) {
    const spec: Spec = { name: str(raw.name) ?? '', description: str(raw.description) ?? '', stateful: raw.stateful !== false, tags: userTags(raw.tags) };
    return [{ kind: 'security_group', key: String(spec.name), id: String(raw.id), spec, refs: [], managed: hasMarkerTag(raw.tags) }];
  },
  adopt: (_desired, observed) => observed.key === DEFAULT_GROUP,
};

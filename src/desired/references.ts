/**
 * Checks between snapshot resources that a schema cannot express: references resolve, names are
 * unique where stackshift finds resources by name, and rules and interfaces are not repeated.
 *
 * A reference whose project_name is another project (e.g. the admin-owned external network
 * `public`) points at something that must already exist in the destination; it is not looked
 * up here. So does one whose project_name is null: OS-Migrate writes null when Keystone refuses
 * to name the owner project (a member exporting a ref to the admin's `public` network or
 * image), and resolves it by name alone. References to the authenticated project ('%auth%'), or
 * hand-written ones without project_name, must resolve inside the repository, or be covered by
 * a mapping in stackshift.yaml.
 */
import { resourceKey } from './keys.js';
import { SNAPSHOT_FILES, type DesiredResource, type Ref, type ResourceKind, type ResourcesByKind, type StackshiftConfig } from './model.js';
import type { Problem } from './problem.js';
import { resourceIndex, type SnapshotResult } from './snapshots.js';
import { problemAt, type Segment } from './yamlFile.js';

const LABEL: Record<ResourceKind, string> = {
  network: 'network', subnet: 'subnet', router: 'router', router_interface: 'router interface',
  security_group: 'security group', security_group_rule: 'security group rule', image: 'image',
  flavor: 'flavor', keypair: 'keypair', volume: 'volume', server: 'server',
};

/**
 * Whose resource a reference names: the project being migrated ('%auth%', or no project_name
 * at all in a hand-written ref), another named project, or an owner OS-Migrate could not name
 * (project_name null: a shared resource of a project the exporting member cannot see, or a
 * project-less one such as a flavor).
 */
export type RefOwner = 'project' | 'other' | 'unknown';

export function refOwner(ref: Ref): RefOwner {
  if (ref.project_name === undefined || ref.project_name === '%auth%') return 'project';
  return ref.project_name === null ? 'unknown' : 'other';
}

/** True when the reference surely names something in the project being migrated. */
export function isLocalRef(ref: Ref): boolean {
  return refOwner(ref) === 'project';
}

/**
 * Every project has a security group named `default` that cannot be created or deleted, and
 * OS-Migrate exports it only when its group filter lets it through, so a server's
 * security_group_refs or a rule's remote_group_ref may name it without it being in
 * security_groups.yml: it then means the destination project's own `default`.
 */
export const PROJECT_DEFAULT_GROUP = 'default';

export function checkSnapshotReferences(snap: SnapshotResult, config: Pick<StackshiftConfig, 'mappings'> | undefined, problems: Problem[]): void {
  const { resources, names, files } = snap;
  const at = (r: DesiredResource, path: Segment[], message: string, hint?: string): void => {
    problems.push(problemAt(files[r.kind]!, ['resources', resourceIndex.get(r)!, ...path], message, hint));
  };
  const mapped = { network: config?.mappings.networks ?? {}, flavor: config?.mappings.flavors ?? {} } as Partial<Record<ResourceKind, Record<string, string>>>;
  const need = (r: DesiredResource, path: Segment[], ref: Ref | null | undefined, kind: ResourceKind, alwaysLocal = false): void => {
    if (!ref || (!alwaysLocal && !isLocalRef(ref)) || snap.unreadable.has(kind)) return;
    if (names[kind].has(ref.name) || mapped[kind]?.[ref.name] !== undefined) return;
    // A rule's own group (alwaysLocal) is what the rules converge, so `default` must be listed to carry rules.
    if (kind === 'security_group' && !alwaysLocal && ref.name === PROJECT_DEFAULT_GROUP) return;
    const what = `${LABEL[r.kind]} '${resourceKey(r)}'`;
    const mapHint = kind === 'network' || kind === 'flavor' ? ` or map it under mappings.${kind}s in stackshift.yaml` : '';
    at(r, path, `${what} refers to ${LABEL[kind]} '${ref.name}', which is not in snapshots/${fileOf(kind)}`, `add the ${LABEL[kind]} to snapshots/${fileOf(kind)}${mapHint}, or fix the name`);
  };

  checkUnique(resources, at);
  for (const s of resources.subnet) need(s, ['params', 'network_ref'], s.params.network_ref, 'network');
  for (const r of resources.router) need(r, ['params', 'external_gateway_refinfo', 'network_ref'], r.params.external_gateway_refinfo?.network_ref, 'network');
  for (const i of resources.router_interface) {
    need(i, ['params', 'device_ref'], i.params.device_ref, 'router', true);
    need(i, ['params', 'network_ref'], i.params.network_ref, 'network');
    i.params.fixed_ips_refs.forEach((f, n) => need(i, ['params', 'fixed_ips_refs', n, 'subnet_ref'], f.subnet_ref, 'subnet'));
  }
  for (const rule of resources.security_group_rule) {
    need(rule, ['params', 'security_group_ref'], rule.params.security_group_ref, 'security_group', true);
    need(rule, ['params', 'remote_group_ref'], rule.params.remote_group_ref, 'security_group');
    const { port_range_min: min, port_range_max: max, protocol } = rule.params;
    if (min != null && max != null && min > max && protocol !== 'icmp' && protocol !== 'ipv6-icmp') {
      at(rule, ['params', 'port_range_min'], `security group rule port_range_min ${min} is above port_range_max ${max}`, 'swap the two values');
    }
  }
  for (const image of resources.image) {
    need(image, ['params', 'kernel_ref'], image.params.kernel_ref, 'image');
    need(image, ['params', 'ramdisk_ref'], image.params.ramdisk_ref, 'image');
  }
  for (const server of resources.server) {
    const p = server.params;
    need(server, ['params', 'flavor_ref'], p.flavor_ref, 'flavor', true);
    need(server, ['params', 'image_ref'], p.image_ref, 'image');
    (p.security_group_refs ?? []).forEach((g, n) => need(server, ['params', 'security_group_refs', n], g, 'security_group'));
    if (p.key_name && !names.keypair.has(p.key_name) && !snap.unreadable.has('keypair')) {
      at(server, ['params', 'key_name'], `server '${p.name}' uses keypair '${p.key_name}', which is not in snapshots/keypairs.yml`, 'add the keypair (public key only) to snapshots/keypairs.yml, or fix the name');
    }
    p.ports.forEach((port, n) => {
      need(server, ['params', 'ports', n, 'params', 'network_ref'], port.params.network_ref, 'network');
      (port.params.fixed_ips_refs ?? []).forEach((f, m) => need(server, ['params', 'ports', n, 'params', 'fixed_ips_refs', m, 'subnet_ref'], f.subnet_ref, 'subnet'));
    });
    if (!p.image_ref && (p.volumes ?? []).length === 0) {
      at(server, ['params', 'image_ref'], `server '${p.name}' has no image_ref and no volumes, so it has nothing to boot from`, 'set image_ref, or list its boot volume under volumes');
    }
  }
}

const fileOf = (kind: ResourceKind): string => SNAPSHOT_FILES[kind];

/** stackshift finds destination resources by name (as OS-Migrate does), so names must be unique per kind. */
function checkUnique(resources: ResourcesByKind, at: (r: DesiredResource, path: Segment[], message: string, hint?: string) => void): void {
  for (const [kind, list] of Object.entries(resources) as [ResourceKind, DesiredResource[]][]) {
    const first = new Map<string, DesiredResource>();
    for (const r of list) {
      const key = resourceKey(r);
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, r);
        continue;
      }
      const named = kind !== 'security_group_rule' && kind !== 'router_interface';
      at(r, named ? ['params', 'name'] : [],
        named ? `duplicate ${LABEL[kind]} name '${key}' (also at line ${earlier.line})` : `duplicate ${LABEL[kind]} ${key} (same as line ${earlier.line})`,
        named ? `stackshift finds ${LABEL[kind]}s in the destination by name; rename one of them` : 'remove the repeated entry');
    }
  }
}

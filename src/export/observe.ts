/**
 * Reads from the source cloud only the lists the chosen kinds need, each list once, with at most
 * `concurrency` requests in flight. Per-resource calls (flavor extra specs on clouds older than
 * microversion 2.61) go through the same bound.
 */
import type { OpenStackClient } from '../executors/openstack/client.js';
import { listVolumes } from '../executors/openstack/cinder.js';
import { listImages } from '../executors/openstack/glance.js';
import * as neutron from '../executors/openstack/neutron.js';
import { getFlavorExtraSpecs, listFlavors, listKeypairs, listServers } from '../executors/openstack/nova.js';
import { codes, StackshiftError } from '../errors.js';
import { mapLimit } from './pool.js';
import type { Observed, ObservedList } from './types.js';

type Loader = (c: OpenStackClient, projectId: string, warn: (w: string) => void) => Promise<unknown[]>;

const loaders: Record<ObservedList, Loader> = {
  networks: (c) => neutron.listNetworks(c),
  subnets: (c) => neutron.listSubnets(c),
  routers: (c, p) => neutron.listRouters(c, { project_id: p }),
  ports: (c, p) => neutron.listPorts(c, { project_id: p }),
  securityGroups: (c) => neutron.listSecurityGroups(c),
  securityGroupRules: (c, p) => neutron.listSecurityGroupRules(c, { project_id: p }),
  floatingIps: (c, p) => neutron.listFloatingIps(c, { project_id: p }),
  images: (c) => listImages(c),
  flavors: (c) => listFlavors(c),
  keypairs: (c) => listKeypairs(c),
  // A cloud without block storage has no volumes to export; say so rather than fail.
  volumes: (c, _p, warn) =>
    listVolumes(c).catch((err: unknown) => {
      if (err instanceof StackshiftError && err.code === codes.ENDPOINT_NOT_FOUND) {
        warn(`cloud '${c.cloudName}' has no block-storage service: no volumes exported`);
        return [];
      }
      throw err;
    }),
  servers: (c) => listServers(c),
};

export interface ObserveProgress {
  (done: number, total: number, what: string): void;
}

/**
 * Nova shows where a server runs only to admins: with an admin client of the same cloud, copy
 * host and hypervisor_hostname onto the project's servers.
 */
async function addHosts(admin: OpenStackClient, observed: Observed): Promise<void> {
  const seen = await listServers(admin, { all_tenants: 1, project_id: observed.projectId });
  const byId = new Map(seen.map((s) => [s.id, s]));
  for (const s of observed.servers) {
    const a = byId.get(s.id);
    if (!a) continue;
    for (const key of ['OS-EXT-SRV-ATTR:host', 'OS-EXT-SRV-ATTR:hypervisor_hostname'] as const) if (a[key] != null) s[key] = a[key];
  }
}

export async function observe(client: OpenStackClient, needs: ReadonlySet<ObservedList>, concurrency: number, progress?: ObserveProgress, admin?: OpenStackClient): Promise<Observed> {
  const projectId = await client.projectId();
  const observed: Observed = {
    projectId, networks: [], subnets: [], routers: [], ports: [], securityGroups: [], securityGroupRules: [],
    floatingIps: [], images: [], flavors: [], keypairs: [], volumes: [], servers: [], warnings: [],
  };
  const lists = [...needs].sort();
  let done = 0;
  let total = lists.length;
  await mapLimit(lists, concurrency, async (name) => {
    (observed[name] as unknown[]) = await loaders[name](client, projectId, (w) => observed.warnings.push(w));
    progress?.(++done, total, name);
  });
  const withoutSpecs = observed.flavors.filter((f) => f.extra_specs === undefined);
  total += withoutSpecs.length;
  await mapLimit(withoutSpecs, concurrency, async (f) => {
    f.extra_specs = await getFlavorExtraSpecs(client, f.id);
    progress?.(++done, total, `flavor ${f.name}`);
  });
  if (admin && needs.has('servers')) await addHosts(admin, observed);
  return observed;
}

/** Projects other than ours that own things our resources point at (e.g. the public network). */
export function foreignOwners(o: Observed): Set<string> {
  const ids = new Set<string>();
  const add = (id: unknown) => {
    if (typeof id === 'string' && id && id !== o.projectId) ids.add(id);
  };
  for (const n of o.networks) add(n.project_id ?? n.tenant_id);
  for (const s of o.subnets) add(s.project_id ?? s.tenant_id);
  for (const g of o.securityGroups) add(g.project_id ?? g.tenant_id);
  const booted = new Set(o.servers.map((s) => (s.image ? s.image.id : '')));
  for (const i of o.images) if (booted.has(i.id)) add(i.owner);
  return ids;
}

/**
 * The default scenario: the source cloud looks like the estate described by example-repo/
 * (its snapshot resources, the conversion hosts of stackshift.yaml, the compute nodes and BMCs of
 * reclaim.yaml); the destination is a fresh cloud with an external network `public`, compute hosts
 * and the same identity, but no tenant resources. Missing example-repo files are tolerated.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CloudScenario, HostSeed, ResourceSeed, Scenario } from './scenario.js';
import { readReclaim, readSnapshots } from './scenarioLoad.js';

export const EXAMPLE_REPO = join(import.meta.dirname, '..', '..', 'example-repo');

/** The example's project; its id is the one in the snapshots, so _info ids stay consistent. */
export const PROJECT = 'acme-shop';

/** Identity of both clouds: an admin (project admin) and a member of acme-shop. */
function identity(prefix: string, projectId?: string): Pick<CloudScenario, 'projects' | 'users'> {
  return {
    projects: [{ name: 'admin' }, { name: PROJECT, description: 'The shop to migrate', ...(projectId ? { id: projectId } : {}) }],
    users: [
      { name: 'admin', password: `${prefix}-admin-secret`, project: 'admin', roles: ['admin'] },
      { name: 'acme', password: `${prefix}-acme-secret`, project: PROJECT, roles: ['member'] },
    ],
  };
}

/** The provider network every real cloud has: owned by admin, external and shared, as DevStack's. */
export function publicNetwork(cidr: string, ids: { network?: string; subnet?: string } = {}): ResourceSeed[] {
  const ref = { name: 'public', project_name: 'admin', domain_name: 'Default' };
  const info = (id?: string) => (id ? { _info: { id } } : {});
  return [
    { type: 'openstack.network.Network', project: 'admin', params: { name: 'public', is_router_external: true, is_shared: true, mtu: 1500, description: '' }, ...info(ids.network) },
    {
      type: 'openstack.subnet.Subnet',
      project: 'admin',
      params: { name: 'public-subnet', cidr, ip_version: 4, is_dhcp_enabled: false, network_ref: ref },
      ...info(ids.subnet),
    },
  ];
}

const computeHosts = (prefix: string, n: number): HostSeed[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix}-${i}`, vcpus: 32, memory_mb: 131072, disk_gb: 2000 }));

export async function defaultScenario(repo = EXAMPLE_REPO): Promise<Scenario> {
  const resources = await readSnapshots(join(repo, 'snapshots'));
  const reclaim = await readReclaim(join(repo, 'reclaim.yaml'));
  const hostNames = new Set(reclaim.hosts.map((h) => h.name));
  const workloadHosts = resources
    .map((r) => r._info?.hypervisor_hostname)
    .filter((h): h is string => typeof h === 'string' && !hostNames.has(h));
  const sourceHosts = [...reclaim.hosts, ...computeHosts('compute', 2).filter((h) => !hostNames.has(h.name))];
  for (const name of new Set(workloadHosts)) if (!sourceHosts.some((h) => h.name === name)) sourceHosts.push({ name, vcpus: 32, memory_mb: 131072, disk_gb: 2000 });
  const projectId = resources.map((r) => r._info?.project_id ?? r._info?.owner_id).find((p): p is string => typeof p === 'string');
  // The routers' gateways name the public network's ids; reuse them so the snapshot is self-consistent.
  const gateway = resources.map((r) => r._info?.external_gateway_info as { network_id?: string; external_fixed_ips?: { subnet_id?: string }[] } | undefined).find((g) => g?.network_id);
  const publicIds = { network: gateway?.network_id, subnet: gateway?.external_fixed_ips?.[0]?.subnet_id };
  return {
    seed: 1,
    source: {
      ...identity('src', projectId),
      hosts: sourceHosts,
      baremetal: reclaim.baremetal,
      resources: [...publicNetwork('172.24.4.0/24', publicIds), ...resources.filter((r) => !isPublicNetwork(r))],
      conversionHosts: await conversionHostNames(repo, 'source'),
    },
    destination: {
      ...identity('dst'),
      hosts: computeHosts('dst-compute', 3),
      resources: publicNetwork('172.25.4.0/24'),
      conversionHosts: await conversionHostNames(repo, 'destination'),
    },
  };
}

function isPublicNetwork(r: ResourceSeed): boolean {
  return r.type === 'openstack.network.Network' && r.params.name === 'public';
}

/** One side's conversion-host server names from stackshift.yaml. */
async function conversionHostNames(repo: string, side: 'source' | 'destination'): Promise<string[]> {
  try {
    const doc = parse(await readFile(join(repo, 'stackshift.yaml'), 'utf8')) as { conversionHosts?: Record<string, { server?: unknown } | undefined>[] };
    return (doc.conversionHosts ?? []).map((c) => c[side]?.server).filter((s): s is string => typeof s === 'string');
  } catch {
    return [];
  }
}

/**
 * Does the destination project have room for one more workload? From Nova's and Cinder's
 * /limits (absolute limits and usage) and Neutron's quota details; -1 is unlimited. A quota the
 * user may not read is not guessed at: the server create then says what ran out.
 */
import type { OpenStackClient } from '../../executors/openstack/clientTypes.js';
import type * as nova from '../../executors/openstack/nova.js';
import type { WorkloadSpec } from './spec.js';

type Absolute = Record<string, number>;

async function absolute(c: OpenStackClient, service: 'compute' | 'volumev3'): Promise<Absolute | undefined> {
  try {
    return (await c.request<{ limits: { absolute: Absolute } }>({ service, method: 'GET', path: '/limits' })).body.limits.absolute;
  } catch {
    return undefined;
  }
}

async function neutronPorts(c: OpenStackClient): Promise<{ limit: number; used: number } | undefined> {
  try {
    const project = await c.projectId();
    const body = (await c.request<{ quota: { port?: { limit: number; used: number } } }>({ service: 'network', method: 'GET', path: `/v2.0/quotas/${project}/details` })).body;
    return body.quota.port;
  } catch {
    return undefined;
  }
}

function check(problems: string[], what: string, need: number, limit: number | undefined, used: number | undefined): void {
  if (limit === undefined || limit < 0 || used === undefined) return;
  if (used + need > limit) problems.push(`the destination's ${what} quota is ${limit} with ${used} used; this workload needs ${need} more`);
}

/** `flavor`: the destination flavor as preflight found it (absent: the instance checks are left to Nova). */
export async function quotaProblems(c: OpenStackClient, spec: WorkloadSpec, flavor: nova.Flavor | undefined): Promise<string[]> {
  const problems: string[] = [];
  const [computeLimits, volumeLimits, ports] = await Promise.all([absolute(c, 'compute'), absolute(c, 'volumev3'), neutronPorts(c)]);
  if (computeLimits && flavor) {
    check(problems, 'instances', 1, computeLimits.maxTotalInstances, computeLimits.totalInstancesUsed);
    check(problems, 'cores', flavor.vcpus, computeLimits.maxTotalCores, computeLimits.totalCoresUsed);
    check(problems, 'RAM (MiB)', flavor.ram, computeLimits.maxTotalRAMSize, computeLimits.totalRAMUsed);
  }
  if (volumeLimits && spec.disks.length > 0) {
    check(problems, 'volumes', spec.disks.length, volumeLimits.maxTotalVolumes, volumeLimits.totalVolumesUsed);
    check(problems, 'gigabytes', spec.disks.reduce((s, d) => s + d.sizeGb, 0), volumeLimits.maxTotalVolumeGigabytes, volumeLimits.totalGigabytesUsed);
  }
  if (ports) check(problems, 'ports', spec.ports.length, ports.limit, ports.used);
  return problems;
}

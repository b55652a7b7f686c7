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

function check(problems: string[], what: string, need: number, limit: number | undefined, used: number | undefined, who = 'this workload'): void {
  if (limit === undefined || limit < 0 || used === undefined) return;
  if (used + need > limit) problems.push(`the destination's ${what} quota is ${limit} with ${used} used; ${who} needs ${need} more`);
}

function cinderProblems(limits: Absolute, volumes: number, gigabytes: number, who?: string): string[] {
  const problems: string[] = [];
  check(problems, 'volumes', volumes, limits.maxTotalVolumes, limits.totalVolumesUsed, who);
  check(problems, 'gigabytes', gigabytes, limits.maxTotalVolumeGigabytes, limits.totalGigabytesUsed, who);
  return problems;
}

/** Room in the destination's Cinder quotas for `volumes` more volumes of `gigabytes` in all (a detached volume's copy). */
export async function volumeQuotaProblems(c: OpenStackClient, volumes: number, gigabytes: number): Promise<string[]> {
  const limits = await absolute(c, 'volumev3');
  return limits ? cinderProblems(limits, volumes, gigabytes, 'this volume') : [];
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
  if (volumeLimits && spec.disks.length > 0) problems.push(...cinderProblems(volumeLimits, spec.disks.length, spec.disks.reduce((s, d) => s + d.sizeGb, 0)));
  if (ports) check(problems, 'ports', spec.ports.length, ports.limit, ports.used);
  return problems;
}

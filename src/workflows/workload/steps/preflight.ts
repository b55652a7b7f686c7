/**
 * Preflight, before anything changes: the source server and its volumes are there; in the
 * destination, the flavor, networks, subnets, security groups, keypair and boot image exist
 * (after mappings) and the project's quotas hold the workload; both conversion hosts are ACTIVE,
 * answer over SSH with their pinned host keys, and have what the data path needs. Every problem
 * is listed at once, each with its fix. Missing destination resources are retried (the
 * infrastructure may still be converging); the rest blocks the workload until a new commit.
 */
import * as cinder from '../../../executors/openstack/cinder.js';
import type { OpenStackClient } from '../../../executors/openstack/clientTypes.js';
import { isNotFound } from '../../../executors/openstack/collection.js';
import * as glance from '../../../executors/openstack/glance.js';
import * as neutron from '../../../executors/openstack/neutron.js';
import * as nova from '../../../executors/openstack/nova.js';
import { codes, StackshiftError } from '../../../errors.js';
import { conversionHostProblems } from '../hostChecks.js';
import { workloadEvent } from '../events.js';
import { quotaProblems } from '../quotas.js';
import { addressConflicts } from '../addressConflicts.js';
import { serverNamed } from '../cloudOps.js';
import { totalBytes } from '../spec.js';
import type { WorkloadContext } from './context.js';

async function missingInDestination(c: OpenStackClient, ctx: WorkloadContext): Promise<{ missing: string[]; flavor: nova.Flavor | undefined; networks: neutron.Network[] }> {
  const spec = ctx.desired!;
  const missing: string[] = [];
  const [flavors, networks, subnets, groups] = await Promise.all([nova.listFlavors(c), neutron.listNetworks(c), neutron.listSubnets(c), neutron.listSecurityGroups(c, { project_id: await c.projectId() })]);
  const flavor = flavors.find((f) => f.name === spec.flavor);
  if (!flavor) missing.push(`flavor ${spec.flavor}`);
  for (const port of spec.ports) {
    const net = networks.find((n) => n.name === port.network);
    if (!net) missing.push(`network ${port.network}`);
    for (const ip of port.fixedIps) if (!subnets.some((s) => s.name === ip.subnet && s.network_id === net?.id)) missing.push(`subnet ${ip.subnet} on network ${port.network}`);
  }
  for (const g of spec.securityGroups) if (!groups.some((x) => x.name === g)) missing.push(`security group ${g}`);
  const key = spec.server.params.key_name;
  if (key) await nova.getKeypair(c, key).catch((err: unknown) => (isNotFound(err) ? missing.push(`keypair ${key}`) : Promise.reject(err)));
  if (spec.bootImage && (await glance.listImages(c, { name: spec.bootImage })).length === 0) missing.push(`image ${spec.bootImage}`);
  return { missing: [...new Set(missing)], flavor, networks };
}

/** The source volume of each disk, as the source server has it attached now. */
async function sourceVolumes(ctx: WorkloadContext, serverId: string): Promise<{ volumes: Record<string, string>; problems: string[] }> {
  const spec = ctx.desired!;
  const attached = await nova.listVolumeAttachments(ctx.ports.source, serverId);
  const volumes: Record<string, string> = {};
  const problems: string[] = [];
  for (const disk of spec.disks) {
    if (!disk.sourceVolumeId) continue;
    let id = attached.find((a) => a.volumeId === disk.sourceVolumeId)?.volumeId;
    if (!id) {
      const byName = await Promise.all(attached.map((a) => cinder.getVolume(ctx.ports.source, a.volumeId)));
      id = byName.find((v) => v.name === disk.name)?.id;
    }
    if (id) volumes[disk.key] = id;
    else problems.push(`volume ${disk.name} (${disk.sourceVolumeId}) is not attached to the source server any more`);
  }
  return { volumes, problems };
}

/** dataCopy: false needs something to boot: the migrated image, or a pre-created boot volume. */
async function withoutCopyProblems(ctx: WorkloadContext): Promise<string[]> {
  const spec = ctx.desired!;
  if (spec.dataCopy) return [];
  const problems: string[] = [];
  const root = spec.disks.find((d) => d.role === 'root');
  if (root && !root.precreatedVolumeId) {
    problems.push(`${spec.selection.server} boots from volume ${root.name}: with dataCopy: false its destination boot volume must be pre-created and named in _migration_params.boot_volume.uuid (or copy the data)`);
  }
  for (const disk of spec.disks) {
    if (!disk.precreatedVolumeId) continue;
    const volume = await cinder.getVolume(ctx.ports.destination, disk.precreatedVolumeId).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    if (!volume) problems.push(`the pre-created volume ${disk.precreatedVolumeId} for ${disk.name} does not exist in the destination`);
    else if (volume.status !== 'available') problems.push(`the pre-created volume ${disk.precreatedVolumeId} for ${disk.name} is ${volume.status}, not available`);
  }
  return problems;
}

export async function preflight(ctx: WorkloadContext): Promise<void> {
  const spec = ctx.desired!;
  const { source, destination } = ctx.ports;
  const pair = spec.pair;
  const blocking: string[] = [];
  const infoId = typeof spec.server.info.id === 'string' ? spec.server.info.id : undefined;
  const server = infoId ? await nova.getServer(source, infoId).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err))) : undefined;
  const src = server ?? (await serverNamed(source, spec.selection.server, 'source'));
  const vols = await sourceVolumes(ctx, src.id);
  blocking.push(...vols.problems);
  const { missing, flavor, networks } = await missingInDestination(destination, ctx);
  blocking.push(...(await quotaProblems(destination, spec, flavor)));
  blocking.push(...(await addressConflicts(destination, spec, networks)));
  blocking.push(...(await withoutCopyProblems(ctx)));
  // A host that cannot be reached right now is retried; a wrong key or a missing tool blocks.
  const transient: string[] = [];
  if (spec.dataCopy && spec.copyVia === 'conversion-hosts') {
    const hosts = await conversionHostProblems(ctx.ports, pair!, ctx.signal);
    blocking.push(...hosts.blocking);
    transient.push(...hosts.transient);
  }
  if (blocking.length > 0) {
    const at = spec.selection.file ? ` (selected at ${spec.selection.file}:${spec.selection.line})` : '';
    throw new StackshiftError(codes.STEP_FAILED, `preflight of ${spec.selection.server}${at} failed: ${[...new Set(blocking), ...missing.map((m) => `${m} is missing in the destination`)].join('; ')}`, {
      retry: 'never', hint: 'fix what is listed (or deselect the workload), then push a commit: preflight runs again, and nothing was changed',
    });
  }
  if (transient.length > 0) {
    throw new StackshiftError(codes.CONNECTION, `preflight of ${spec.selection.server}: ${transient.join('; ')}`, { retry: 'backoff', hint: 'retried; check the conversion hosts if it goes on' });
  }
  if (missing.length > 0) {
    throw new StackshiftError(codes.STEP_FAILED, `preflight of ${spec.selection.server}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing in the destination`, {
      retry: 'later', requeueAfterMs: 30_000, hint: 'they are created by this commit\'s infrastructure apply, or must be added to the snapshots (or mappings) if they are not',
    });
  }
  await ctx.record([workloadEvent('WorkloadPreflightPassed', { sourceServerId: src.id, sourceVolumes: vols.volumes, bytesTotal: totalBytes(spec) })]);
}

/**
 * Checks the destination server before the source's temporaries go: ACTIVE, each port with its
 * expected MAC, fixed IPs and security groups, each data volume attached, and every disk's copy
 * verified end to end (the whole-disk digests of both hosts matched: DiskCopied).
 */
import * as cinder from '../../../executors/openstack/cinder.js';
import * as neutron from '../../../executors/openstack/neutron.js';
import * as nova from '../../../executors/openstack/nova.js';
import { codes, StackshiftError } from '../../../errors.js';
import { workloadEvent } from '../events.js';
import { specOf, type WorkloadContext } from './context.js';

export async function verify(ctx: WorkloadContext): Promise<void> {
  const spec = specOf(ctx);
  const c = ctx.ports.destination;
  const state = ctx.state();
  const problems: string[] = [];
  const checks: string[] = [];
  const server = await nova.getServer(c, state.serverId!);
  if (server.status !== 'ACTIVE') problems.push(`server is ${server.status}`);
  else checks.push('server ACTIVE');
  const groups = await neutron.listSecurityGroups(c, { project_id: await c.projectId() });
  for (const p of spec.ports) {
    const port = await neutron.getPort(c, state.ports[p.index]!.portId);
    if (port.device_id !== server.id) problems.push(`port ${p.index} is not bound to the server`);
    if (p.macAddress && port.mac_address !== p.macAddress) problems.push(`port ${p.index} has MAC ${port.mac_address}, expected ${p.macAddress}`);
    for (const ip of p.fixedIps) if (ip.ipAddress && !port.fixed_ips.some((f) => f.ip_address === ip.ipAddress)) problems.push(`port ${p.index} lacks ${ip.ipAddress}`);
    const names = (port.security_groups ?? []).map((id) => groups.find((g) => g.id === id)?.name);
    for (const g of spec.securityGroups) if (!names.includes(g)) problems.push(`port ${p.index} lacks security group ${g}`);
  }
  checks.push(`${spec.ports.length} port(s) with their MACs, IPs and security groups`);
  for (const disk of spec.disks) {
    const d = state.disks[disk.key]!;
    if (spec.dataCopy && !d.sha256) problems.push(`disk ${disk.key} was not verified`);
    const volume = await cinder.getVolume(c, d.destVolumeId!);
    if (!volume.attachments.some((a) => a.server_id === server.id)) problems.push(`volume ${disk.name} is not attached to the server`);
  }
  checks.push(spec.dataCopy ? `${spec.disks.length} disk(s) attached, each whole-disk sha256 equal to the source's` : `${spec.disks.length} disk(s) attached (dataCopy: false, nothing copied)`);
  if (problems.length > 0) {
    throw new StackshiftError(codes.STEP_FAILED, `${spec.selection.server} in the destination is not as expected: ${problems.join('; ')}`, {
      retry: 'never', hint: 'inspect the destination server; the source stays SHUTOFF and untouched, and its temporaries are kept until this passes',
    });
  }
  await ctx.record([workloadEvent('WorkloadVerified', { checks })]);
}

/**
 * Prepares one disk for copying, each part recorded as it becomes true and skipped when it is
 * already (so a crash anywhere resumes without making anything twice — what a crash left
 * unrecorded is found again by name and marker):
 *   1. a point-in-time copy: a Cinder snapshot of the source volume (force: the volume is in-use;
 *      the source server's own volumes are never detached or changed), or for an image-backed
 *      root disk a Nova image of the server;
 *   2. a temporary volume from it, attached to the source conversion host;
 *   3. the destination volume (size, name, description, type and zone after mappings, image
 *      metadata, bootable), attached to the destination conversion host.
 */
import * as cinder from '../../../executors/openstack/cinder.js';
import * as glance from '../../../executors/openstack/glance.js';
import { workloadEvent } from '../events.js';
import { attachToHost, findMarkedVolume, marker, serverNamed, waitImage, waitSnapshot, waitVolume } from '../cloudOps.js';
import type { DiskSpec } from '../disks.js';
import { specOf, type DiskContext } from './context.js';
import { codes, StackshiftError } from '../../../errors.js';
import { prepareDiskViaImage } from './viaImage.js';

export const tempName = (workload: string, disk: string) => `stackshift-${workload}-${disk}`;

export async function pointInTime(ctx: DiskContext, disk: DiskSpec): Promise<void> {
  const spec = specOf(ctx);
  const c = ctx.ports.source;
  const name = tempName(spec.owner, disk.key);
  const state = ctx.state();
  if (disk.sourceVolumeId) {
    const volumeId = state.preflight!.sourceVolumes[disk.key] ?? disk.sourceVolumeId;
    const existing = (await cinder.listSnapshots(c, { name })).find((s) => s.name === name && s.volume_id === volumeId && !s.status.startsWith('error'));
    const snapshot = existing ?? (await cinder.createSnapshot(c, { volume_id: volumeId, name, description: `stackshift: migration of ${spec.owner}`, force: true, metadata: marker(spec.owner, disk.key, 'temporary') }));
    await waitSnapshot(c, snapshot.id, ctx, `snapshot ${name} to become available`);
    await ctx.record([workloadEvent('DiskSnapshotted', { disk: disk.key, snapshotId: snapshot.id })]);
    return;
  }
  // An image-backed root disk: a Nova image of the server — consistent once it is SHUTOFF; a warm
  // pass's image of the running server is crash-consistent, and the cutover's pass corrects it.
  const serverId = state.preflight?.sourceServerId;
  if (!serverId) throw new Error(`disk ${disk.key} of ${spec.owner} has neither a source volume nor a source server`);
  const existing = (await glance.listImages(c, { name })).find((i) => i.name === name);
  let imageId = existing?.id;
  if (!imageId) {
    const r = await c.request<{ image_id?: string }>({ service: 'compute', method: 'POST', path: `/servers/${serverId}/action`, body: { createImage: { name, metadata: { 'stackshift:workload': spec.owner } } }, microversion: '2.45' });
    imageId = r.body.image_id ?? (await glance.listImages(c, { name })).find((i) => i.name === name)?.id;
  }
  const id = imageId!;
  await waitImage(c, id, ctx, `image ${name} of the root disk to become active`, 1_800_000);
  await ctx.record([workloadEvent('DiskSnapshotted', { disk: disk.key, imageId: id })]);
}

async function temporaryVolume(ctx: DiskContext, disk: DiskSpec): Promise<void> {
  const spec = specOf(ctx);
  const c = ctx.ports.source;
  const d = ctx.state().disks[disk.key]!;
  if (!d.tempVolumeId) {
    const name = tempName(spec.owner, disk.key);
    const meta = marker(spec.owner, disk.key, 'temporary');
    const found = await findMarkedVolume(c, name, meta);
    const volume = found ?? (await cinder.createVolume(c, { name, size: disk.sizeGb, metadata: meta, ...(d.snapshotId ? { snapshot_id: d.snapshotId } : { imageRef: d.imageId }) }));
    await waitVolume(c, volume.id, ['available', 'in-use'], ctx, `temporary volume ${name} to become available`);
    await ctx.record([workloadEvent('TemporaryVolumeCreated', { disk: disk.key, volumeId: volume.id })]);
  }
  const volumeId = ctx.state().disks[disk.key]!.tempVolumeId!;
  const host = await serverNamed(c, spec.pair!.source.server, 'source conversion-host');
  await attachToHost(c, host.id, volumeId, ctx);
  await ctx.record([workloadEvent('TemporaryVolumeAttached', { disk: disk.key, volumeId, serverId: host.id })]);
}

/**
 * The destination volume of a disk (size, name, description, type and zone after mappings,
 * bootable, image metadata), found again by name and marker after a crash; made from the copied
 * image on the image path (`imageRef`), else empty for the copy to fill.
 */
export async function createDestinationVolume(ctx: DiskContext, disk: DiskSpec, imageRef?: string): Promise<void> {
  const c = ctx.ports.destination;
  const meta = marker(specOf(ctx).owner, disk.key, 'destination');
  const volume = (await findMarkedVolume(c, disk.name, meta)) ?? (await cinder.createVolume(c, {
    name: disk.name, size: disk.sizeGb, metadata: meta,
    ...(imageRef ? { imageRef } : {}),
    ...(disk.description ? { description: disk.description } : {}),
    ...(disk.volumeType ? { volume_type: disk.volumeType } : {}),
    ...(disk.availabilityZone ? { availability_zone: disk.availabilityZone } : {}),
  }));
  await waitVolume(c, volume.id, ['available', 'in-use'], ctx, `destination volume ${disk.name} to become available`, imageRef ? 3_600_000 : undefined);
  // Cinder marks a volume made from an image bootable: a data disk is set back.
  if (disk.bootable || imageRef) await cinder.setVolumeBootable(c, volume.id, disk.bootable);
  if (disk.imageMetadata && Object.keys(disk.imageMetadata).length > 0) await cinder.volumeAction(c, volume.id, { 'os-set_image_metadata': { metadata: disk.imageMetadata } });
  await ctx.record([workloadEvent('DestinationVolumeCreated', { disk: disk.key, volumeId: volume.id })]);
}

async function destinationVolume(ctx: DiskContext, disk: DiskSpec): Promise<void> {
  const spec = specOf(ctx);
  const c = ctx.ports.destination;
  if (!ctx.state().disks[disk.key]?.destVolumeId) await createDestinationVolume(ctx, disk);
  const volumeId = ctx.state().disks[disk.key]!.destVolumeId!;
  const host = await serverNamed(c, spec.pair!.destination.server, 'destination conversion-host');
  await attachToHost(c, host.id, volumeId, ctx);
  await ctx.record([workloadEvent('DestinationVolumeAttached', { disk: disk.key, volumeId, serverId: host.id })]);
}

/**
 * Without a data copy the destination volume is the operator's pre-created one (checked, not
 * changed) or a new empty one like the source's; nothing is attached to a conversion host.
 */
async function volumeWithoutCopy(ctx: DiskContext, disk: DiskSpec): Promise<void> {
  const c = ctx.ports.destination;
  if (disk.precreatedVolumeId) {
    const volume = await waitVolume(c, disk.precreatedVolumeId, ['available'], ctx, `pre-created volume ${disk.precreatedVolumeId} for ${disk.name} to be available`);
    if (volume.size < disk.sizeGb) {
      throw new StackshiftError(codes.STEP_FAILED, `the pre-created volume ${volume.id} for ${disk.name} has ${volume.size} GiB, the source's has ${disk.sizeGb} GiB`, { retry: 'never', hint: 'extend it or name another one in _migration_params' });
    }
    await ctx.record([workloadEvent('DestinationVolumeCreated', { disk: disk.key, volumeId: volume.id, precreated: true })]);
    return;
  }
  await createDestinationVolume(ctx, disk);
}

export async function prepareDisk(ctx: DiskContext, key: string): Promise<void> {
  const disk = specOf(ctx).disks.find((d) => d.key === key);
  if (!disk) throw new Error(`workload ${ctx.id} has no disk ${key}`);
  if (!specOf(ctx).dataCopy) return volumeWithoutCopy(ctx, disk);
  if (specOf(ctx).copyVia === 'image') return prepareDiskViaImage(ctx, disk);
  const d = ctx.state().disks[key];
  if (!d?.snapshotId && !d?.imageId) await pointInTime(ctx, disk);
  if (!ctx.state().disks[key]?.tempAttached) await temporaryVolume(ctx, disk);
  if (!ctx.state().disks[key]?.destAttached) await destinationVolume(ctx, disk);
}

/**
 * The image path, for clouds without conversion hosts (copyVia: image): each disk's point-in-time
 * copy becomes a Glance image in the source (Cinder upload-to-image of a temporary volume made
 * from the snapshot, or the Nova image of an image-backed root), the image's bytes stream Glance
 * to Glance through the daemon as infrastructure images do (imageStream.ts: size, MD5 and
 * SHA-512 checked end to end), and the destination volume is made from the copied image. Every
 * part is found again by name after a crash; the temporary images on both sides are removed by
 * cleanup. A copy interrupted mid-stream starts that image again (Glance has no resumable upload).
 */
import * as cinder from '../../../executors/openstack/cinder.js';
import type { OpenStackClient } from '../../../executors/openstack/clientTypes.js';
import * as glance from '../../../executors/openstack/glance.js';
import { copyImageData } from '../../../executors/infra/imageStream.js';
import { findMarkedVolume, marker, waitImage, waitVolume } from '../cloudOps.js';
import type { DiskSpec } from '../disks.js';
import { workloadEvent } from '../events.js';
import { createDestinationVolume, pointInTime, tempName } from './prepareDisk.js';
import { specOf, type DiskContext } from './context.js';

const named = async (c: OpenStackClient, name: string) => (await glance.listImages(c, { name })).find((i) => i.name === name && i.status !== 'killed' && i.status !== 'deleted');

/** The disk as an image in the source's Glance: snapshot → temporary volume → upload-to-image. */
export async function prepareDiskViaImage(ctx: DiskContext, disk: DiskSpec): Promise<void> {
  const spec = specOf(ctx);
  const c = ctx.ports.source;
  const name = tempName(spec.owner, disk.key);
  if (!ctx.state().disks[disk.key]?.snapshotId && !ctx.state().disks[disk.key]?.imageId) await pointInTime(ctx, disk);
  const d = ctx.state().disks[disk.key]!;
  if (!d.snapshotId) return; // an image-backed root: the Nova image is the source image
  if (!d.tempVolumeId) {
    const meta = marker(spec.owner, disk.key, 'temporary');
    const volume = (await findMarkedVolume(c, name, meta)) ?? (await cinder.createVolume(c, { name, size: disk.sizeGb, snapshot_id: d.snapshotId, metadata: meta }));
    await waitVolume(c, volume.id, ['available'], ctx, `temporary volume ${name} to become available`);
    await ctx.record([workloadEvent('TemporaryVolumeCreated', { disk: disk.key, volumeId: volume.id })]);
  }
  const volumeId = ctx.state().disks[disk.key]!.tempVolumeId!;
  let image = await named(c, name);
  if (!image) {
    await waitVolume(c, volumeId, ['available'], ctx, `temporary volume ${name} to become available`);
    const r = await c.request<{ 'os-volume_upload_image': { image_id: string } }>({
      service: 'volumev3', method: 'POST', path: `/volumes/${volumeId}/action`, body: { 'os-volume_upload_image': { image_name: name, disk_format: 'raw', container_format: 'bare', force: false } },
    });
    image = await glance.getImage(c, r.body['os-volume_upload_image'].image_id);
  }
  await waitImage(c, image.id, ctx, `image ${name} of ${disk.key} to become active`);
  await ctx.record([workloadEvent('DiskImageUploaded', { disk: disk.key, imageId: image.id })]);
}

/** One disk: the source image streamed into a destination image, then a volume made from it. */
async function copyOne(ctx: DiskContext, disk: DiskSpec): Promise<void> {
  const spec = specOf(ctx);
  const { source, destination } = ctx.ports;
  const name = tempName(spec.owner, disk.key);
  const started = ctx.clock.now();
  const d = ctx.state().disks[disk.key]!;
  const from = await glance.getImage(source, (d.uploadedImageId ?? d.imageId)!);
  let bytesSent = 0; // counted once, by DiskImageCopied
  if (!d.destImageId) {
    let image = await named(destination, name);
    if (image && image.status !== 'queued' && image.status !== 'active') {
      await glance.deleteImage(destination, image.id); // a stream cut mid-way: start the image again
      image = undefined;
    }
    image ??= await glance.createImage(destination, { name, disk_format: from.disk_format ?? 'raw', container_format: from.container_format ?? 'bare', visibility: 'private', 'stackshift:workload': spec.owner });
    if (image.status !== 'active') {
      ctx.log(`${spec.owner}: streaming ${disk.key} image (${Math.round(Number(from.size ?? 0) / 2 ** 20)} MiB) Glance to Glance`);
      // The stream passes through the daemon: it shares transfer.totalBandwidthMbps with the disk copies.
      const copied = await copyImageData(source, destination, { name, sourceId: from.id, destinationId: image.id, expected: from, signal: ctx.signal, throttle: (n) => ctx.bandwidth.take(n, ctx.signal) });
      bytesSent = copied.size;
    }
    await ctx.record([workloadEvent('DiskImageCopied', { disk: disk.key, imageId: image.id, bytes: bytesSent })]);
  }
  if (!ctx.state().disks[disk.key]!.destVolumeId) await createDestinationVolume(ctx, disk, ctx.state().disks[disk.key]!.destImageId);
  // Glance checked the bytes both ways (size, MD5, SHA-512); the volume was made from those bytes.
  await ctx.record([workloadEvent('DiskCopied', { disk: disk.key, sha256: `glance-sha512:${from.os_hash_value ?? from.checksum ?? ''}`, bytesSent: 0, bytesSkipped: 0, durationMs: ctx.clock.now() - started })]);
}

export async function copyDisksViaImage(ctx: DiskContext): Promise<void> {
  for (const disk of specOf(ctx).disks) {
    if (!ctx.state().disks[disk.key]?.sha256) await copyOne(ctx, disk);
  }
}

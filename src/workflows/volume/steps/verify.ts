/**
 * Checks the destination volume before the temporaries go: available (not attached to anything),
 * the source's name, size and volume type (after mappings), and its copy verified end to end
 * (both hosts' whole-disk digests matched, or Glance's size, MD5 and SHA-512 on the image path).
 */
import * as cinder from '../../../executors/openstack/cinder.js';
import { codes, StackshiftError } from '../../../errors.js';
import { specOf } from '../../workload/steps/context.js';
import { volumeEvent } from '../events.js';
import { VOLUME_DISK } from '../spec.js';
import type { VolumeContext } from './context.js';

export async function verifyVolume(ctx: VolumeContext): Promise<void> {
  const spec = specOf(ctx);
  const d = ctx.state().disks[VOLUME_DISK]!;
  const volume = await cinder.getVolume(ctx.ports.destination, d.destVolumeId!);
  const problems: string[] = [];
  if (volume.status !== 'available') problems.push(`it is ${volume.status}, not available`);
  if (volume.name !== spec.name) problems.push(`it is named ${volume.name}`);
  if (volume.size !== spec.disk.sizeGb) problems.push(`it has ${volume.size} GiB, the source has ${spec.disk.sizeGb} GiB`);
  if (spec.disk.volumeType && volume.volume_type !== spec.disk.volumeType) problems.push(`its type is ${volume.volume_type}, expected ${spec.disk.volumeType}`);
  if (!d.sha256) problems.push('its copy was not verified');
  if (problems.length > 0) {
    throw new StackshiftError(codes.STEP_FAILED, `destination volume ${spec.name} (${volume.id}) is not as expected: ${problems.join('; ')}`, {
      retry: 'never', hint: 'inspect the destination volume; the source volume is untouched, and the temporaries are kept until this passes',
    });
  }
  const checks = ['available', `name ${spec.name}`, `${volume.size} GiB`, ...(spec.disk.volumeType ? [`type ${spec.disk.volumeType}`] : []), `digest ${d.sha256}`];
  await ctx.record([volumeEvent('VolumeVerified', { volumeId: volume.id, checks })]);
}

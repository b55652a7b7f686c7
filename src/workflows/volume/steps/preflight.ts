/**
 * Preflight of a detached volume, before anything changes: the source volume is there (by its
 * exported id, else by its unique name); in the destination, its volume type (after mappings)
 * exists, the volumes and gigabytes quotas hold it, and no volume of its name exists that
 * stackshift did not make — that one is someone's, so the item blocks and says what to do
 * rather than touch it or make a second of the same name; with a pair, both conversion hosts
 * answer. Every problem is listed at once.
 */
import * as cinder from '../../../executors/openstack/cinder.js';
import { isNotFound } from '../../../executors/openstack/collection.js';
import { codes, StackshiftError } from '../../../errors.js';
import { marker } from '../../workload/cloudOps.js';
import { conversionHostProblems } from '../../workload/hostChecks.js';
import { volumeQuotaProblems } from '../../workload/quotas.js';
import { specOf } from '../../workload/steps/context.js';
import { volumeEvent } from '../events.js';
import { VOLUME_DISK, volumeBytes, type VolumeSpec } from '../spec.js';
import type { VolumeContext } from './context.js';

async function sourceVolume(ctx: VolumeContext, spec: VolumeSpec): Promise<{ id?: string; problem?: string }> {
  const c = ctx.ports.source;
  const byId = await cinder.getVolume(c, spec.volume.info.id).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
  if (byId) return { id: byId.id };
  const named = (await cinder.listVolumes(c, { name: spec.name })).filter((v) => v.name === spec.name);
  if (named.length === 1) return { id: named[0]!.id };
  return { problem: named.length === 0 ? `the source volume ${spec.name} (${spec.volume.info.id}) does not exist in the source cloud` : `${named.length} volumes are named ${spec.name} in the source cloud and none has the exported id ${spec.volume.info.id}` };
}

/** Volumes of this name in the destination that stackshift did not make for this volume. */
async function foreignNamesakes(ctx: VolumeContext, spec: VolumeSpec): Promise<cinder.Volume[]> {
  const own = marker(spec.owner, VOLUME_DISK, 'destination');
  const named = (await cinder.listVolumes(ctx.ports.destination, { name: spec.name })).filter((v) => v.name === spec.name);
  return named.filter((v) => !Object.entries(own).every(([k, x]) => v.metadata?.[k] === x));
}

export async function preflightVolume(ctx: VolumeContext): Promise<void> {
  const spec = specOf(ctx);
  const at = ` (${spec.volume.file}:${spec.volume.line})`;
  const source = await sourceVolume(ctx, spec);
  const foreign = await foreignNamesakes(ctx, spec);
  if (foreign.length > 0) {
    throw new StackshiftError(codes.STEP_FAILED, `volume ${spec.name}${at}: the destination already has a volume named ${spec.name} that stackshift did not make (${foreign.map((v) => v.id).join(', ')}); it is left untouched`, {
      retry: 'never', hint: `rename or delete that destination volume if it is not needed, or remove ${spec.name} from snapshots/detached_volumes.yml; then push a commit`,
    });
  }
  const blocking = source.problem ? [source.problem] : [];
  const type = spec.disk.volumeType;
  if (type && !(await cinder.listVolumeTypes(ctx.ports.destination)).some((t) => t.name === type || t.id === type)) {
    blocking.push(`volume type ${type} does not exist in the destination (create it, or map it under mappings.volumeTypes in stackshift.yaml)`);
  }
  blocking.push(...(await volumeQuotaProblems(ctx.ports.destination, 1, spec.disk.sizeGb)));
  const hosts = spec.copyVia === 'conversion-hosts' ? await conversionHostProblems(ctx.ports, spec.pair!, ctx.signal) : { blocking: [], transient: [] };
  blocking.push(...hosts.blocking);
  if (blocking.length > 0) {
    throw new StackshiftError(codes.STEP_FAILED, `preflight of volume ${spec.name}${at} failed: ${[...new Set(blocking)].join('; ')}`, {
      retry: 'never', hint: 'fix what is listed (or remove the volume from the snapshot), then push a commit: preflight runs again, and nothing was changed',
    });
  }
  if (hosts.transient.length > 0) {
    throw new StackshiftError(codes.CONNECTION, `preflight of volume ${spec.name}: ${hosts.transient.join('; ')}`, { retry: 'backoff', hint: 'retried; check the conversion hosts if it goes on' });
  }
  await ctx.record([volumeEvent('VolumePreflightPassed', { sourceVolumeId: source.id!, bytesTotal: volumeBytes(spec) })]);
}

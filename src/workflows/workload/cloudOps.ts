/**
 * The cloud calls workload steps share: waiting for volumes and snapshots, finding what a
 * crashed step may already have made (by name and stackshift's marker metadata, so a step run
 * twice never makes a second one), and attaching volumes to conversion hosts and detaching them.
 */
import * as cinder from '../../executors/openstack/cinder.js';
import * as glance from '../../executors/openstack/glance.js';
import type { OpenStackClient } from '../../executors/openstack/clientTypes.js';
import { isNotFound } from '../../executors/openstack/collection.js';
import * as nova from '../../executors/openstack/nova.js';
import { waitFor } from '../../executors/openstack/waitFor.js';
import { codes, StackshiftError } from '../../errors.js';
import type { Clock } from '../../ports.js';

export interface OpContext {
  clock: Clock;
  signal: AbortSignal;
}

/** Marker metadata on everything stackshift makes for a workload. */
export function marker(workload: string, disk: string, role: 'temporary' | 'destination'): Record<string, string> {
  return { 'stackshift:workload': workload, 'stackshift:disk': disk, 'stackshift:role': role };
}

const marked = (meta: Record<string, string> | undefined, want: Record<string, string>) => Object.entries(want).every(([k, v]) => meta?.[k] === v);

/** A volume this workload made earlier (a step that crashed after creating it), if any. */
export async function findMarkedVolume(c: OpenStackClient, name: string, want: Record<string, string>): Promise<cinder.Volume | undefined> {
  const found = await cinder.listVolumes(c, { name });
  return found.find((v) => v.name === name && marked(v.metadata, want) && v.status !== 'deleting' && v.status !== 'error');
}

export async function waitVolume(c: OpenStackClient, id: string, statuses: string[], ctx: OpContext, what: string, timeoutMs = 600_000): Promise<cinder.Volume> {
  return waitFor({
    poll: () => cinder.getVolume(c, id), done: (v) => statuses.includes(v.status), failed: (v) => (v.status.startsWith('error') ? `volume ${id} is ${v.status}` : undefined),
    clock: ctx.clock, signal: ctx.signal, timeoutMs, intervalMs: 1000, what,
  });
}

export async function waitSnapshot(c: OpenStackClient, id: string, ctx: OpContext, what: string): Promise<cinder.VolumeSnapshot> {
  return waitFor({
    poll: () => cinder.getSnapshot(c, id), done: (s) => s.status === 'available', failed: (s) => (s.status.startsWith('error') ? `snapshot ${id} is ${s.status}` : undefined),
    clock: ctx.clock, signal: ctx.signal, timeoutMs: 600_000, intervalMs: 1000, what,
  });
}

export async function waitGone(poll: () => Promise<unknown>, ctx: OpContext, what: string): Promise<void> {
  await waitFor({
    poll: async () => poll().then(() => false, (err: unknown) => { if (isNotFound(err)) return true; throw err; }),
    done: (gone) => gone, clock: ctx.clock, signal: ctx.signal, timeoutMs: 300_000, intervalMs: 1000, what,
  });
}

/** The one server of this name in the project, or an error that says what to fix. */
export async function serverNamed(c: OpenStackClient, name: string, role: string): Promise<nova.Server> {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = (await nova.listServers(c, { name: `^${escaped}$` })).filter((s) => s.name === name);
  if (found.length === 1) return found[0]!;
  throw new StackshiftError(codes.STEP_FAILED, found.length === 0 ? `${role} server '${name}' does not exist in cloud '${c.cloudName}'` : `${found.length} servers are named '${name}' in cloud '${c.cloudName}'`, {
    retry: 'never', hint: found.length === 0 ? `create it, or fix the name in stackshift.yaml` : 'rename all but one, so stackshift knows which is meant',
  });
}

/** Attaches a volume to a conversion host (Nova), unless it already is; returns once in-use. */
export async function attachToHost(c: OpenStackClient, hostId: string, volumeId: string, ctx: OpContext): Promise<void> {
  const volume = await cinder.getVolume(c, volumeId);
  if (!volume.attachments.some((a) => a.server_id === hostId)) {
    if (volume.status !== 'available') await waitVolume(c, volumeId, ['available'], ctx, `volume ${volumeId} to become available`);
    await nova.attachVolume(c, hostId, volumeId);
  }
  await waitVolume(c, volumeId, ['in-use'], ctx, `volume ${volumeId} to attach to the conversion host`);
}

/** Detaches a volume from a server if it is attached there; returns once available (or gone). */
export async function detachFromHost(c: OpenStackClient, hostId: string, volumeId: string, ctx: OpContext): Promise<void> {
  let volume: cinder.Volume;
  try {
    volume = await cinder.getVolume(c, volumeId);
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if (volume.attachments.some((a) => a.server_id === hostId) && volume.status !== 'detaching') {
    await nova.detachVolume(c, hostId, volumeId).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
  if (volume.attachments.length > 0 || volume.status === 'detaching') await waitVolume(c, volumeId, ['available'], ctx, `volume ${volumeId} to detach`);
}

/** Deletes a volume (detaching it from whatever server holds it first) and waits until it is gone. */
export async function removeVolume(c: OpenStackClient, volumeId: string, ctx: OpContext): Promise<void> {
  const volume = await cinder.getVolume(c, volumeId).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
  if (!volume) return;
  for (const a of volume.attachments) await detachFromHost(c, a.server_id, volumeId, ctx);
  await cinder.deleteVolume(c, volumeId).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
  await waitGone(() => cinder.getVolume(c, volumeId), ctx, `volume ${volumeId} to be deleted`);
}

export async function removeSnapshot(c: OpenStackClient, snapshotId: string, ctx: OpContext): Promise<void> {
  await cinder.deleteSnapshot(c, snapshotId).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
  await waitGone(() => cinder.getSnapshot(c, snapshotId), ctx, `snapshot ${snapshotId} to be deleted`);
}

export async function waitImage(c: OpenStackClient, id: string, ctx: OpContext, what: string, timeoutMs = 3_600_000): Promise<glance.Image> {
  return waitFor({
    poll: () => glance.getImage(c, id), done: (i) => i.status === 'active',
    failed: (i) => (i.status === 'killed' || i.status === 'deleted' ? `image ${id} is ${i.status}` : undefined),
    clock: ctx.clock, signal: ctx.signal, timeoutMs, intervalMs: 1000, what,
  });
}

/** Deletes an image; one already gone is fine (a retried clean-up). */
export async function removeImage(c: OpenStackClient, imageId: string): Promise<void> {
  await glance.deleteImage(c, imageId).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
}

/**
 * The v3 attachments API (≥ 3.27; os-complete ≥ 3.44): create reserves the volume (or starts
 * attaching when a connector is given), update supplies the connector, complete makes it
 * in-use, delete detaches. Below 3.27 these routes do not exist (404), as in Cinder.
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import { exposeDevice, removeDevice } from '../devices/conversionDevices.js';
import { body, isAdmin, projectOf, visibleVolume } from './common.js';
import type { Attachment } from './model.js';
import { attachments, beginAttach, completeAttach, finishDetach, reserveVolume, volumes } from './store.js';
import { attachmentView } from './views.js';

function gate(ctx: RequestContext, version: string): void {
  if (!atLeast(ctx.microversion, version)) throw new ApiError(404, 'The resource could not be found.');
}

function visible(ctx: RequestContext, id: string): Attachment {
  const a = attachments(ctx.cloud).get(id);
  if (!a || (!isAdmin(ctx) && a.projectId !== projectOf(ctx))) throw new ApiError(404, `VolumeAttachment ${id} could not be found.`);
  return a;
}

/** A conversion host (by server name in the scenario) sees the attached volume as a device. */
function deviceHook(ctx: RequestContext, a: Attachment, attached: boolean): void {
  const c = ctx.cloud;
  const server = a.instanceUuid ? c.state.collection<{ id: string; name: string }>('nova_servers').get(a.instanceUuid) : undefined;
  if (!server || !(c.scenario.conversionHosts ?? []).includes(server.name)) return;
  const v = volumes(c).get(a.volumeId);
  if (attached && v) exposeDevice(c.deviceRoot, v.id, v.backingFile);
  if (!attached) removeDevice(c.deviceRoot, a.volumeId);
}

export function attachmentRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/attachments`, (ctx) => {
    gate(ctx, '3.27');
    return json(200, { attachments: attachments(ctx.cloud).filter((a) => isAdmin(ctx) || a.projectId === projectOf(ctx)).map((a) => attachmentView(a, false)) });
  });
  t.get(`${p}/attachments/detail`, (ctx) => {
    gate(ctx, '3.27');
    return json(200, { attachments: attachments(ctx.cloud).filter((a) => isAdmin(ctx) || a.projectId === projectOf(ctx)).map((a) => attachmentView(a, true)) });
  });
  t.get(`${p}/attachments/{attachment_id}`, (ctx) => {
    gate(ctx, '3.27');
    return json(200, { attachment: attachmentView(visible(ctx, ctx.params.attachment_id!), true) });
  });
  t.post(`${p}/attachments`, (ctx) => {
    gate(ctx, '3.27');
    const b = body(ctx, 'attachment');
    if (typeof b.volume_uuid !== 'string') throw new ApiError(400, "Invalid input for field/attribute attachment. 'volume_uuid' is a required property");
    const volume = visibleVolume(ctx, b.volume_uuid);
    const instance = typeof b.instance_uuid === 'string' ? b.instance_uuid : null;
    const a = reserveVolume(ctx.cloud, volume.id, instance ?? `host-${ctx.requestId}`, projectOf(ctx));
    a.instanceUuid = instance;
    if (atLeast(ctx.microversion, '3.54') && (b.mode === 'ro' || b.mode === 'rw')) a.attachMode = b.mode;
    if (b.connector && typeof b.connector === 'object') beginAttach(ctx.cloud, a, b.connector as Record<string, unknown>, String((b.connector as Record<string, unknown>).mountpoint ?? '') || null);
    return json(200, { attachment: attachmentView(a, true) });
  });
  t.put(`${p}/attachments/{attachment_id}`, (ctx) => {
    gate(ctx, '3.27');
    const a = visible(ctx, ctx.params.attachment_id!);
    const b = body(ctx, 'attachment');
    if (typeof b.connector !== 'object' || b.connector === null) throw new ApiError(400, 'Invalid input: connector is required');
    if (a.status === 'attached') throw new ApiError(400, `Invalid volume: attachment ${a.id} is already attached.`);
    const before = a.status;
    beginAttach(ctx.cloud, a, b.connector as Record<string, unknown>, String((b.connector as Record<string, unknown>).mountpoint ?? '') || null);
    // Zed replies with the attachment's status as it was before the update (reserved), with the
    // new connection_info; a later GET shows attaching (checked against the real cloud).
    return json(200, { attachment: { ...attachmentView(a, true), status: before } });
  });
  t.post(`${p}/attachments/{attachment_id}/action`, (ctx) => {
    gate(ctx, '3.44');
    const a = visible(ctx, ctx.params.attachment_id!);
    if (!ctx.body || typeof ctx.body !== 'object' || !('os-complete' in ctx.body)) throw new ApiError(400, 'There is no such action');
    if (a.status !== 'attaching') throw new ApiError(400, `Invalid volume: attachment ${a.id} must be attaching (connector set) to complete, it is ${a.status}.`);
    completeAttach(ctx.cloud, a);
    deviceHook(ctx, a, true);
    return { status: 204 };
  });
  t.delete(`${p}/attachments/{attachment_id}`, (ctx) => {
    gate(ctx, '3.27');
    const a = visible(ctx, ctx.params.attachment_id!);
    deviceHook(ctx, a, false);
    finishDetach(ctx.cloud, a.id);
    return json(200, { attachments: attachments(ctx.cloud).filter((x) => x.volumeId === a.volumeId).map((x) => attachmentView(x, false)) });
  });
}

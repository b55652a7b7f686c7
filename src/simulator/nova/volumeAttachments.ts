/**
 * /servers/{id}/os-volume_attachments: attach (volume reserved → attaching → in-use, a
 * progression of kind 'volume-attach'), list, show and detach (detaching → available, kind
 * 'volume-detach'). A volume that is not available gets Cinder's 400 passed through, as Nova does.
 */
import { ApiError } from '../core/errors.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import { volumes } from '../cinder/store.js';
import { completeAttachment, completeDetach, dropAttachment, nextDevice, reserveAttachment } from './attach.js';
import type { Server } from './model.js';
import { invalidStateMessage } from './states.js';
import { accepted, bodyObject, finishAction, recordAction, servers, viewContext, visibleServer } from './store.js';
import { volumeAttachmentView } from './views.js';

export function volumeAttachmentRoutes(t: RouteTable, p: string): void {
  const base = `${p}/servers/{server_id}/os-volume_attachments`;
  t.get(base, (ctx) => {
    const s = visibleServer(ctx, ctx.params.server_id!);
    observeAttachments(ctx, s);
    return json(200, { volumeAttachments: s.volumes.map((a) => volumeAttachmentView(viewContext(ctx), s.id, a)) });
  });
  t.get(`${base}/{volume_id}`, (ctx) => {
    const s = visibleServer(ctx, ctx.params.server_id!);
    observeAttachments(ctx, s);
    return json(200, { volumeAttachment: volumeAttachmentView(viewContext(ctx), s.id, findAttachment(s, ctx.params.volume_id!)) });
  });
  t.post(base, attach);
  t.delete(`${base}/{volume_id}`, detach);
}

function findAttachment(s: Server, volumeId: string) {
  const record = s.volumes.find((v) => v.volumeId === volumeId);
  if (!record) throw new ApiError(404, `Volume ${volumeId} is not attached to instance ${s.id}.`);
  return record;
}

function observeAttachments(ctx: RequestContext, s: Server): void {
  for (const v of s.volumes) {
    ctx.cloud.progression.observe('volume-attach', `${s.id}:${v.volumeId}`);
    ctx.cloud.progression.observe('volume-detach', `${s.id}:${v.volumeId}`);
  }
}

function attach(ctx: RequestContext) {
  const server = visibleServer(ctx, ctx.params.server_id!);
  const body = bodyObject(ctx, 'volumeAttachment');
  const volumeId = body.volumeId;
  if (typeof volumeId !== 'string') throw new ApiError(400, "Invalid input for field/attribute volumeAttachment. 'volumeId' is a required property");
  const problem = invalidStateMessage(server, 'attach_volume');
  if (problem) throw new ApiError(409, problem);
  const c = ctx.cloud;
  const volume = volumes(c).get(volumeId);
  if (!volume || volume.projectId !== server.projectId) throw new ApiError(404, `Volume ${volumeId} could not be found.`);
  if (server.volumes.some((v) => v.volumeId === volumeId)) throw new ApiError(400, `Invalid volume: volume ${volumeId} already attached`);
  const device = typeof body.device === 'string' && body.device ? body.device : nextDevice(server);
  if (server.volumes.some((v) => v.device === device)) throw new ApiError(409, `The supplied device path (${device}) is in use.`);
  const record = reserveAttachment(c, server, volumeId, {
    device,
    bootIndex: null,
    deleteOnTermination: body.delete_on_termination === true,
    tag: typeof body.tag === 'string' ? body.tag : null,
  });
  const action = recordAction(ctx, server, 'attach_volume', 'compute_attach_volume');
  c.progression.start('volume-attach', `${server.id}:${volumeId}`, ['attaching', 'in-use'], {
    onState: (change) => {
      if (!change.final) return;
      const s = servers(c).get(server.id);
      if (!s) return;
      if (change.failed) {
        dropAttachment(c, s, record);
        finishAction(c, action, false, change.message);
        return;
      }
      completeAttachment(c, s, record);
      finishAction(c, action, true);
    },
  });
  return json(200, { volumeAttachment: volumeAttachmentView(viewContext(ctx), server.id, record) });
}

function detach(ctx: RequestContext) {
  const server = visibleServer(ctx, ctx.params.server_id!);
  const record = findAttachment(server, ctx.params.volume_id!);
  const problem = invalidStateMessage(server, 'detach_volume');
  if (problem) throw new ApiError(409, problem);
  if (record.bootIndex === 0) throw new ApiError(400, "Can't detach root device volume");
  const c = ctx.cloud;
  const volume = volumes(c).get(record.volumeId);
  if (volume && volume.status !== 'in-use') throw new ApiError(400, `Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.`);
  if (volume) volume.status = 'detaching';
  const action = recordAction(ctx, server, 'detach_volume', 'compute_detach_volume');
  c.progression.start('volume-detach', `${server.id}:${record.volumeId}`, ['detaching', 'available'], {
    onState: (change) => {
      if (!change.final) return;
      const s = servers(c).get(server.id) ?? server;
      if (change.failed) {
        const v = volumes(c).get(record.volumeId);
        if (v) v.status = 'in-use';
        finishAction(c, action, false, change.message);
        return;
      }
      completeDetach(c, s, record);
      finishAction(c, action, true);
    },
  });
  return accepted();
}

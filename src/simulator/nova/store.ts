/**
 * Typed access to Nova's collections in the cloud state, plus the small request helpers every
 * Nova handler uses (who is asking, which view context, how to read a body).
 */
import { isoSeconds } from '../core/clock.js';
import type { SimCloud } from '../core/cloud.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext } from '../core/router.js';
import type { Collection } from '../core/state.js';
import type { ComputeService, Flavor, InstanceAction, Keypair, Migration, Server } from './model.js';
import type { ViewContext } from './serverView.js';

export const servers = (c: SimCloud): Collection<Server> => c.state.collection<Server>('nova_servers');
export const flavors = (c: SimCloud): Collection<Flavor> => c.state.collection<Flavor>('nova_flavors');
export const keypairs = (c: SimCloud): Collection<Keypair> => c.state.collection<Keypair>('nova_keypairs');
export const computeServices = (c: SimCloud): Collection<ComputeService> => c.state.collection<ComputeService>('nova_services');
export const migrations = (c: SimCloud): Collection<Migration> => c.state.collection<Migration>('nova_migrations');
export const instanceActions = (c: SimCloud): Collection<InstanceAction> => c.state.collection<InstanceAction>('nova_instance_actions');

/** Monotonic integer ids (migration ids, keypair ids, legacy service ids) kept in state so reset clears them. */
export function nextNumber(c: SimCloud, counter: string): number {
  const counters = c.state.collection<{ id: string; value: number }>('nova_counters');
  const entry = counters.get(counter) ?? counters.put({ id: counter, value: 0 });
  entry.value += 1;
  return entry.value;
}

export const now = (c: SimCloud): string => isoSeconds(c.clock.now());

export function isAdmin(ctx: RequestContext): boolean {
  return ctx.auth?.roles.includes('admin') ?? false;
}

export function projectOf(ctx: RequestContext): string {
  return ctx.auth?.projectId ?? '';
}

export function viewContext(ctx: RequestContext): ViewContext {
  const v = ctx.microversion;
  if (!v) throw new Error('Nova routes are versioned');
  return { baseUrl: `${ctx.origin}/v2.1`, projectId: projectOf(ctx), version: v, isAdmin: isAdmin(ctx) };
}

/** The object under `key` in the request body, or Nova's 400. */
export function bodyObject(ctx: RequestContext, key: string): Record<string, unknown> {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, `Invalid input for field/attribute ${key}. Value: None. None is not of type 'object'`);
  }
  const value = (body as Record<string, unknown>)[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, `Invalid input for field/attribute ${key}. Value: ${JSON.stringify(value ?? null)}. '${key}' is a required property`);
  }
  return value as Record<string, unknown>;
}

/** A server the caller may see: its own project's, or any for an admin; else Nova's 404. */
export function visibleServer(ctx: RequestContext, id: string): Server {
  const server = servers(ctx.cloud).get(id);
  if (!server || server.vmState === 'deleted' || (!isAdmin(ctx) && server.projectId !== projectOf(ctx))) {
    throw new ApiError(404, `Instance ${id} could not be found.`);
  }
  return server;
}

export function conflict(message: string): ApiError {
  return new ApiError(409, message);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, message);
}

/** Progression kinds that advance when a client looks at a server (GET counts as a poll). */
export const SERVER_KINDS = ['server', 'server-action', 'migration', 'server-image'];
/** The compute host's rollback after a live-migration abort; its runs are keyed by migration id. */
export const ABORT_KIND = 'migration-abort';

export function observeServer(c: SimCloud, serverId: string): void {
  for (const kind of SERVER_KINDS) c.progression.observe(kind, serverId);
  for (const m of migrations(c).where('instanceUuid', serverId)) c.progression.observe(ABORT_KIND, m.id);
  for (const v of servers(c).get(serverId)?.volumes ?? []) {
    c.progression.observe('volume-attach', `${serverId}:${v.volumeId}`);
    c.progression.observe('volume-detach', `${serverId}:${v.volumeId}`);
  }
}

/** Records an instance action with one event, as nova-api and nova-compute do. */
export function recordAction(ctx: RequestContext, server: Server, action: string, event: string): InstanceAction {
  const c = ctx.cloud;
  const time = now(c);
  const record: InstanceAction = {
    id: `${server.id}/${ctx.requestId}`,
    action,
    instanceUuid: server.id,
    requestId: ctx.requestId,
    userId: ctx.auth?.userId ?? server.userId,
    projectId: server.projectId,
    startTime: time,
    updatedAt: time,
    message: null,
    events: [{ event, startTime: time, finishTime: null, result: null, host: server.host, traceback: null, details: null }],
  };
  return instanceActions(c).put(record);
}

/** Closes an action's last event with its result (and the action's message on error). */
export function finishAction(c: SimCloud, action: InstanceAction | undefined, ok: boolean, details?: string): void {
  if (!action) return;
  const time = now(c);
  const event = action.events[action.events.length - 1];
  if (event) {
    event.finishTime = time;
    event.result = ok ? 'Success' : 'Error';
    if (!ok) {
      event.details = details ?? null;
      event.traceback = details ? `Traceback (most recent call last):\n  ...\n${details}` : null;
    }
  }
  action.updatedAt = time;
  if (!ok) action.message = 'Error';
}

/** Nova's 202 for an action: no body, but a JSON content type and content-length 0. */
export function accepted(headers?: Record<string, string>): { status: number; body: string; contentType: string; headers?: Record<string, string> } {
  return headers ? { status: 202, body: '', contentType: 'application/json', headers } : { status: 202, body: '', contentType: 'application/json' };
}

/**
 * POST /servers/{id}/action: one handler, dispatched on the body's single key as Nova does.
 * Request bodies are checked per microversion (os-migrateLive's keys changed at 2.25/2.30/2.68).
 */
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import { json, noContent, type RequestContext, type Reply, type RouteTable } from '../core/router.js';
import { powerAction } from './lifecycle.js';
import { coldMigrate, confirmResize, evacuate, liveMigrate, revertResize } from './moves.js';
import { createImage } from './snapshot.js';
import { accepted, isAdmin, visibleServer } from './store.js';

const ADMIN_ACTIONS = new Set(['os-migrateLive', 'migrate', 'evacuate']);

export function serverActionRoutes(t: RouteTable, p: string): void {
  t.post(`${p}/servers/{server_id}/action`, serverAction);
}

async function serverAction(ctx: RequestContext): Promise<Reply> {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length !== 1) {
    throw new ApiError(400, 'There is no such action: None');
  }
  const [name, args] = Object.entries(body as Record<string, unknown>)[0]!;
  const a = (args ?? {}) as Record<string, unknown>;
  // Nova validates the body against the microversion's JSON schema before it loads the server or
  // checks policy: a member's invalid os-migrateLive is 400, a valid one 403 (checked against Zed).
  const liveHost = name === 'os-migrateLive' ? parseLiveMigrate(ctx, a) : null;
  const server = visibleServer(ctx, ctx.params.server_id!);
  if (ADMIN_ACTIONS.has(name) && !isAdmin(ctx)) throw new ApiError(403, `Policy doesn't allow os_compute_api:os-${name === 'evacuate' ? 'evacuate' : 'migrate-server'} to be performed.`);
  switch (name) {
    case 'os-stop':
      powerAction(ctx, server, 'stop');
      return accepted();
    case 'os-start':
      powerAction(ctx, server, 'start');
      return accepted();
    case 'createImage':
      return createImage(ctx, server, a);
    case 'os-migrateLive':
      liveMigrate(ctx, server, liveHost);
      return accepted();
    case 'migrate': {
      let host: string | null = null;
      if (args !== null && args !== undefined) {
        if (!atLeast(ctx.microversion, '2.56')) throw new ApiError(400, "Invalid input for field/attribute migrate. Value: {...}. None is not of type 'null'");
        host = typeof a.host === 'string' ? a.host : null;
      }
      coldMigrate(ctx, server, host);
      return accepted();
    }
    case 'confirmResize':
      confirmResize(ctx, server);
      return noContent();
    case 'revertResize':
      revertResize(ctx, server);
      return accepted();
    case 'evacuate': {
      const host = typeof a.host === 'string' ? a.host : null;
      if (!atLeast(ctx.microversion, '2.14') && a.onSharedStorage === undefined) throw new ApiError(400, "Invalid input for field/attribute evacuate. 'onSharedStorage' is a required property");
      if (atLeast(ctx.microversion, '2.68') && a.force !== undefined) throw new ApiError(400, "Invalid input for field/attribute evacuate. Additional properties are not allowed ('force' was unexpected)");
      evacuate(ctx, server, host, atLeast(ctx.microversion, '2.95'));
      return atLeast(ctx.microversion, '2.14') ? json(200, {}) : json(200, { adminPass: ctx.cloud.ids.hexId().slice(0, 12) });
    }
    default:
      throw new ApiError(400, `There is no such action: ${name}`);
  }
}

/** The host from an os-migrateLive body, after the per-version schema checks. */
function parseLiveMigrate(ctx: RequestContext, a: Record<string, unknown>): string | null {
  const v = ctx.microversion;
  const bad = (msg: string) => new ApiError(400, `Invalid input for field/attribute os-migrateLive. ${msg}`);
  if (!('host' in a)) throw bad("'host' is a required property");
  if (!('block_migration' in a)) throw bad("'block_migration' is a required property");
  const bm = a.block_migration;
  if (atLeast(v, '2.25')) {
    if (bm !== 'auto' && typeof bm !== 'boolean') throw bad(`Value: ${JSON.stringify(bm)}. 'auto' or a boolean is required for block_migration`);
    if ('disk_over_commit' in a) throw bad("Additional properties are not allowed ('disk_over_commit' was unexpected)");
  } else {
    if (typeof bm !== 'boolean' && bm !== 'True' && bm !== 'False') throw bad(`Value: ${JSON.stringify(bm)}. block_migration must be a boolean`);
    if (!('disk_over_commit' in a)) throw bad("'disk_over_commit' is a required property");
  }
  if ('force' in a && (!atLeast(v, '2.30') || atLeast(v, '2.68'))) throw bad("Additional properties are not allowed ('force' was unexpected)");
  if (a.host !== null && typeof a.host !== 'string') throw bad(`Value: ${JSON.stringify(a.host)}. host must be a string or null`);
  return (a.host as string | null) ?? null;
}

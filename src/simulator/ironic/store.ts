/**
 * Ironic's collections and request helpers: node lookup by uuid or name (≥ 1.5), the
 * min/max version headers Ironic puts on every response, and JSON-patch application.
 */
import type { SimCloud } from '../core/cloud.js';
import { isoSeconds } from '../core/clock.js';
import { atLeast } from '../core/microversion.js';
import { ApiError } from '../core/errors.js';
import type { RequestContext } from '../core/router.js';
import type { Collection } from '../core/state.js';
import type { Node, Port } from './model.js';
import type { IronicViewContext } from './views.js';

export const IRONIC_MIN = '1.1';
export const IRONIC_MAX = '1.82';

export const nodes = (c: SimCloud): Collection<Node> => c.state.collection<Node>('ironic_nodes');
export const ironicPorts = (c: SimCloud): Collection<Port> => c.state.collection<Port>('ironic_ports');

export const stamp = (c: SimCloud): string => isoSeconds(c.clock.now()).replace('Z', '+00:00');

export function versionHeaders(ctx: RequestContext): void {
  ctx.responseHeaders['x-openstack-ironic-api-minimum-version'] = IRONIC_MIN;
  ctx.responseHeaders['x-openstack-ironic-api-maximum-version'] = IRONIC_MAX;
  if (ctx.microversion) ctx.responseHeaders['x-openstack-ironic-api-version'] = ctx.microversion.text;
}

export function viewOf(ctx: RequestContext): IronicViewContext {
  if (!ctx.microversion) throw new Error('Ironic routes are versioned');
  return { baseUrl: ctx.origin, version: ctx.microversion };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function findNode(ctx: RequestContext, ident: string): Node {
  const c = ctx.cloud;
  let node = nodes(c).get(ident);
  if (!node && !UUID.test(ident) && atLeast(ctx.microversion, '1.5')) node = nodes(c).find((n) => n.name === ident);
  if (!node) throw new ApiError(404, `Node ${ident} could not be found.`);
  // Only reads count as polls: a write must see the state the client last saw (e.g. a lock).
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    c.progression.observe('node', node.id);
    c.progression.observe('node-power', node.id);
  }
  return nodes(c).get(node.id) ?? node;
}

/** Applies an RFC 6902 patch (add/replace/remove) to a plain JSON document; 400 on bad paths. */
export function applyPatch(doc: Record<string, unknown>, patch: unknown): void {
  if (!Array.isArray(patch)) throw new ApiError(400, 'Invalid patch: a JSON array of operations is expected');
  for (const op of patch as { op?: unknown; path?: unknown; value?: unknown }[]) {
    if (typeof op?.path !== 'string' || !['add', 'replace', 'remove'].includes(String(op.op))) throw new ApiError(400, `Invalid patch operation: ${JSON.stringify(op)}`);
    const parts = op.path.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
    const last = parts.pop();
    if (last === undefined || last === '') throw new ApiError(400, `Invalid patch path ${op.path}`);
    let target: Record<string, unknown> = doc;
    for (const p of parts) {
      const next = target[p];
      if (typeof next !== 'object' || next === null) {
        if (op.op === 'remove') throw new ApiError(400, `Can't remove non-existent object '${last}'`);
        target[p] = {};
      }
      target = target[p] as Record<string, unknown>;
    }
    if (op.op === 'remove') {
      if (!(last in target)) throw new ApiError(400, `Can't remove non-existent object '${last}'`);
      delete target[last];
    } else {
      if (op.op === 'replace' && !(last in target) && parts.length > 0) throw new ApiError(400, `Can't replace non-existent object '${last}'`);
      target[last] = op.value;
    }
  }
}

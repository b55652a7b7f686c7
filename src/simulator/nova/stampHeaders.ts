/**
 * Response headers a service puts on every answer, errors included: Nova and Cinder also send
 * the request id as x-compute-request-id, Ironic as openstack-request-id (plus its version
 * range). Wraps a RouteTable so each handler stamps them before it runs; the core keeps
 * ctx.responseHeaders on error replies too.
 */
import type { RequestContext, RouteTable } from '../core/router.js';

export function stampingTable(t: RouteTable, stamp: (ctx: RequestContext) => void): RouteTable {
  const wrapped = Object.create(t) as RouteTable;
  wrapped.add = (method, template, handler, options) =>
    t.add(method, template, (ctx) => {
      stamp(ctx);
      return handler(ctx);
    }, options);
  return wrapped;
}

export const computeRequestId = (ctx: RequestContext): void => {
  ctx.responseHeaders['x-compute-request-id'] = ctx.requestId;
};

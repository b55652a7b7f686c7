/**
 * Response headers a service puts on every answer, errors included: Nova and Cinder also send
 * the request id as x-compute-request-id, Ironic as openstack-request-id (plus its version
 * range). Wraps a RouteTable so each handler stamps them before it runs; the core keeps
 * ctx.responseHeaders on error replies too.
 */
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';

export function stampingTable(t: RouteTable, stamp: (ctx: RequestContext) => void, policy?: (method: string, template: string) => string): RouteTable {
  const wrapped = Object.create(t) as RouteTable;
  wrapped.add = (method, template, handler, options) => {
    // With a policy namer, admin-only routes are checked here rather than by the core, so the 403
    // carries the service's headers (versions, request ids) and its own policy name, as Nova's does.
    const inHandler = policy !== undefined && options?.auth === 'admin';
    t.add(method, template, (ctx) => {
      stamp(ctx);
      if (inHandler && !ctx.auth?.roles.includes('admin')) throw new ApiError(403, `Policy doesn't allow ${policy(method, template)} to be performed.`);
      return handler(ctx);
    }, inHandler ? { ...options, auth: 'token' } : options);
  };
  return wrapped;
}

/** Nova's policy names for its admin-only routes (nova/policies/*.py). */
export function novaPolicy(method: string, template: string): string {
  const path = template.replace(/^\/v2\.1(\/\{project_id\})?/, '');
  const rules: Array<[RegExp, string]> = [
    [/^\/os-services/, `os-services:${method === 'GET' ? 'list' : method === 'PUT' ? 'update' : 'delete'}`],
    [/^\/os-hypervisors\/detail/, 'os-hypervisors:list-detail'],
    [/^\/os-hypervisors\/\{/, 'os-hypervisors:show'],
    [/^\/os-hypervisors/, 'os-hypervisors:list'],
    [/^\/os-migrations/, 'os-migrations:index'],
    [/^\/servers\/\{server_id\}\/migrations/, `servers:migrations:${method === 'GET' ? 'index' : method === 'DELETE' ? 'delete' : 'force_complete'}`],
    [/^\/flavors\/\{flavor_id\}\/os-flavor-access/, 'os-flavor-access'],
    [/^\/flavors\/\{flavor_id\}\/os-extra_specs/, `os-flavor-extra-specs:${method === 'POST' ? 'create' : method === 'PUT' ? 'update' : 'delete'}`],
    [/^\/flavors\/\{flavor_id\}\/action/, 'os-flavor-access:add_tenant_access'],
    [/^\/flavors/, `os-flavor-manage:${method === 'POST' ? 'create' : 'delete'}`],
    [/^\/os-quota-sets/, 'os-quota-sets:update'],
  ];
  return `os_compute_api:${rules.find(([re]) => re.test(path))?.[1] ?? path}`;
}

export const computeRequestId = (ctx: RequestContext): void => {
  ctx.responseHeaders['x-compute-request-id'] = ctx.requestId;
};

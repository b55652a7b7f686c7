/**
 * The tag extension: /v2.0/{resource}/{id}/tags for networks, subnets, ports, routers,
 * security-groups and floatingips. PUT one tag (201), PUT the whole list (200), GET, check one
 * (204/404), DELETE one or all (204). Tag changes bump revision_number like any update.
 */
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { isAdmin, notFound } from './common.js';
import { touch, type Standard } from './model.js';

/** URL segment → collection name and the NotFound it raises. */
const resources: Record<string, { kind: string; type: string; label: string }> = {
  networks: { kind: 'networks', type: 'NetworkNotFound', label: 'Network' },
  subnets: { kind: 'subnets', type: 'SubnetNotFound', label: 'Subnet' },
  ports: { kind: 'ports', type: 'PortNotFound', label: 'Port' },
  routers: { kind: 'routers', type: 'RouterNotFound', label: 'Router' },
  'security-groups': { kind: 'security_groups', type: 'SecurityGroupNotFound', label: 'Security group' },
  floatingips: { kind: 'floatingips', type: 'FloatingIPNotFound', label: 'Floating IP' },
};

function target(ctx: RequestContext): Standard {
  const spec = resources[ctx.params.resource!];
  if (!spec) throw new ApiError(404, 'The resource could not be found.', { type: 'HTTPNotFound' });
  const record = ctx.cloud.state.collection<Standard>(spec.kind).get(ctx.params.id!);
  if (!record || !(isAdmin(ctx) || record.project_id === ctx.auth!.projectId)) {
    throw notFound(spec.type, `${spec.label} ${ctx.params.id!} could not be found.`);
  }
  return record;
}

function checkTag(tag: string): string {
  if (tag.length === 0 || tag.length > 255 || tag.includes(',') || tag.includes('/')) {
    throw new ApiError(400, `Invalid input for operation: '${tag}' is not a valid tag.`, { type: 'InvalidInput' });
  }
  return tag;
}

export function tagRoutes(t: RouteTable): void {
  t.get('/v2.0/{resource}/{id}/tags', (ctx) => ({ status: 200, body: { tags: [...target(ctx).tags] } }));
  t.get('/v2.0/{resource}/{id}/tags/{tag}', (ctx) => {
    const r = target(ctx);
    if (!r.tags.includes(ctx.params.tag!)) throw notFound('TagNotFound', `Tag ${ctx.params.tag!} could not be found for ${ctx.params.resource!} ${r.id}.`);
    return { status: 204 };
  });
  t.put('/v2.0/{resource}/{id}/tags/{tag}', (ctx) => {
    const r = target(ctx);
    const tag = checkTag(ctx.params.tag!);
    if (!r.tags.includes(tag)) {
      r.tags.push(tag);
      touch(ctx.cloud, r);
    }
    return { status: 201, body: null };
  });
  t.put('/v2.0/{resource}/{id}/tags', (ctx) => {
    const r = target(ctx);
    const tags = (ctx.body as { tags?: unknown } | undefined)?.tags;
    if (!Array.isArray(tags)) throw new ApiError(400, "Invalid input for operation: 'tags' must be a list.", { type: 'InvalidInput' });
    r.tags = [...new Set(tags.map((x) => checkTag(String(x))))];
    touch(ctx.cloud, r);
    return { status: 200, body: { tags: [...r.tags] } };
  });
  t.delete('/v2.0/{resource}/{id}/tags/{tag}', (ctx) => {
    const r = target(ctx);
    if (!r.tags.includes(ctx.params.tag!)) throw notFound('TagNotFound', `Tag ${ctx.params.tag!} could not be found for ${ctx.params.resource!} ${r.id}.`);
    r.tags = r.tags.filter((x) => x !== ctx.params.tag);
    touch(ctx.cloud, r);
    return { status: 204 };
  });
  t.delete('/v2.0/{resource}/{id}/tags', (ctx) => {
    const r = target(ctx);
    r.tags = [];
    touch(ctx.cloud, r);
    return { status: 204 };
  });
}

/**
 * Domains: the one DevStack has ('Default', id 'default'). Keystone's default policy lets an
 * admin list and read domains, and anyone read the domain of the project their token is scoped
 * to (identity:get_domain's `token.project.domain.id:%(target.domain.id)s`); asked for another
 * domain, a member gets 403 before any lookup — as the real test cloud answers.
 */
import { ApiError } from '../core/errors.js';
import type { RequestContext, RouteTable } from '../core/router.js';
import { DEFAULT_DOMAIN, projects } from './identity.js';

const forbidden = (action: string) =>
  new ApiError(403, `You are not authorized to perform the requested action: identity:${action}.`, { type: 'Forbidden' });

function domainView(origin: string) {
  return { id: DEFAULT_DOMAIN.id, name: DEFAULT_DOMAIN.name, description: 'The default domain', enabled: true, tags: [], options: {}, links: { self: `${origin}/v3/domains/${DEFAULT_DOMAIN.id}` } };
}

export function domainRoutes(t: RouteTable): void {
  t.get('/v3/domains', (ctx) => {
    if (!ctx.auth!.roles.includes('admin')) throw forbidden('list_domains');
    const matches = ['name', 'enabled', 'id'].every((k) => {
      const want = ctx.query.get(k);
      return want === null || String((domainView(ctx.origin) as Record<string, unknown>)[k]) === want;
    });
    return { status: 200, body: { domains: matches ? [domainView(ctx.origin)] : [], links: { self: `${ctx.origin}${ctx.path}`, previous: null, next: null } } };
  });
  t.get('/v3/domains/{domain_id}', (ctx: RequestContext) => {
    const id = ctx.params.domain_id!;
    if (!ctx.auth!.roles.includes('admin')) {
      const own = projects(ctx.cloud).get(ctx.auth!.projectId ?? '')?.domain_id;
      if (own !== id) throw forbidden('get_domain');
    }
    if (id !== DEFAULT_DOMAIN.id) throw new ApiError(404, `Could not find domain: ${id}.`, { type: 'Not Found' });
    return { status: 200, body: { domain: domainView(ctx.origin) } };
  });
}

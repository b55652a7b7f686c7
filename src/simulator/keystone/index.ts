/**
 * Keystone v3: version documents, token auth (auth.ts) and the identity directory
 * (directory.ts). Seeds identity from the scenario; every other service trusts its tokens.
 */
import { keystoneErrors } from '../core/errors.js';
import type { RequestContext } from '../core/router.js';
import type { ServiceModule } from '../core/service.js';
import { authRoutes } from './auth.js';
import { directoryRoutes } from './directory.js';
import { domainRoutes } from './domains.js';
import { seedIdentity } from './identity.js';

const version = (ctx: RequestContext) => ({
  id: 'v3.14',
  status: 'stable',
  updated: '2020-04-07T00:00:00Z',
  links: [{ rel: 'self', href: `${ctx.origin}/v3/` }],
  'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
});

export const keystone: ServiceModule = {
  name: 'keystone',
  catalog: [{ type: 'identity', name: 'keystone', path: '/v3' }],
  errors: keystoneErrors,
  routes(t) {
    t.get('/', (ctx) => ({ status: 300, body: { versions: { values: [version(ctx)] } }, headers: { location: `${ctx.origin}/v3/` } }), { auth: 'none' });
    t.get('/v3', (ctx) => ({ status: 200, body: { version: version(ctx) } }), { auth: 'none' });
    authRoutes(t);
    directoryRoutes(t);
    domainRoutes(t);
  },
  seed: seedIdentity,
};

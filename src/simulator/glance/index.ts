/** Glance v2: images, their data and tags; webob-style errors. */
import { glanceErrors, glanceUnauthorized } from '../core/errors.js';
import type { RequestContext } from '../core/router.js';
import type { ServiceModule } from '../core/service.js';
import { fileRoutes } from './file.js';
import { imageRoutes } from './images.js';
import { seedGlance } from './seed.js';

const VERSIONS = ['2.15', '2.13', '2.12', '2.11', '2.10', '2.9', '2.8', '2.7', '2.6', '2.5', '2.4', '2.3', '2.2', '2.1', '2.0'];

const versions = (ctx: RequestContext) => ({
  versions: VERSIONS.map((v, i) => ({ id: `v${v}`, status: i === 0 ? 'CURRENT' : 'SUPPORTED', links: [{ rel: 'self', href: `${ctx.origin}/v2/` }] })),
});

export const glance: ServiceModule = {
  name: 'glance',
  catalog: [{ type: 'image', name: 'glance', path: '' }],
  errors: glanceErrors,
  authErrors: glanceUnauthorized,
  routes(t) {
    t.get('/', (ctx) => ({ status: 300, body: versions(ctx) }), { auth: 'none' });
    t.get('/versions', (ctx) => ({ status: 200, body: versions(ctx) }), { auth: 'none' });
    imageRoutes(t);
    fileRoutes(t);
  },
  seed: seedGlance,
};

/**
 * Nova v2.1 (compute): microversions 2.1–2.96, routes served both with and without the project
 * id in the path (as Nova does since 2.18), seeded with a nova-compute service per compute host
 * and the scenario's flavors, keypairs and servers.
 */
import { computeErrors } from '../core/errors.js';
import type { MicroversionSpec } from '../core/microversion.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import type { ServiceModule } from '../core/service.js';
import { adminRoutes } from './admin.js';
import { flavorRoutes } from './flavors.js';
import { historyRoutes } from './history.js';
import { keypairRoutes } from './keypairs.js';
import { limitRoutes } from './limits.js';
import { seedNova } from './seed.js';
import { serverActionRoutes } from './serverActions.js';
import { serverRoutes } from './servers.js';
import { serverGroupRoutes } from './serverGroups.js';
import { computeRequestId, novaPolicy, stampingTable } from './stampHeaders.js';
import { interfaceRoutes } from './interfaces.js';
import { volumeAttachmentRoutes } from './volumeAttachments.js';

export const NOVA_MICROVERSIONS: MicroversionSpec = { serviceType: 'compute', legacyHeaders: ['x-openstack-nova-api-version'], min: '2.1', max: '2.96' };

function versionDoc(ctx: RequestContext, id: 'v2.0' | 'v2.1'): Record<string, unknown> {
  const current = id === 'v2.1';
  return {
    id,
    status: current ? 'CURRENT' : 'SUPPORTED',
    version: current ? NOVA_MICROVERSIONS.max : '',
    min_version: current ? NOVA_MICROVERSIONS.min : '',
    updated: current ? '2013-07-23T11:33:21Z' : '2011-01-21T11:33:21Z',
    links: [{ rel: 'self', href: `${ctx.origin}/${id === 'v2.1' ? 'v2.1' : 'v2'}/` }],
    'media-types': [{ base: 'application/json', type: `application/vnd.openstack.compute+json;version=${current ? '2.1' : '2'}` }],
  };
}

function routes(table: RouteTable): void {
  const t = stampingTable(table, computeRequestId, novaPolicy);
  const open = { auth: 'none' as const, unversioned: true };
  // The list omits media-types; the single document adds them and a describedby link (api_samples/versions).
  const listed = (ctx: RequestContext, id: 'v2.0' | 'v2.1') => {
    const { 'media-types': _m, ...doc } = versionDoc(ctx, id);
    return doc;
  };
  t.get('/', (ctx) => json(200, { versions: [listed(ctx, 'v2.0'), listed(ctx, 'v2.1')] }), open);
  t.get('/v2.1', (ctx) => {
    Object.assign(ctx.responseHeaders, { 'openstack-api-version': `compute ${NOVA_MICROVERSIONS.min}`, 'x-openstack-nova-api-version': NOVA_MICROVERSIONS.min });
    const doc = versionDoc(ctx, 'v2.1');
    doc.links = [...(doc.links as unknown[]), { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }];
    return json(200, { version: doc });
  }, open);
  for (const prefix of ['/v2.1', '/v2.1/{project_id}']) {
    serverRoutes(t, prefix);
    serverActionRoutes(t, prefix);
    interfaceRoutes(t, prefix);
    volumeAttachmentRoutes(t, prefix);
    flavorRoutes(t, prefix);
    keypairRoutes(t, prefix);
    adminRoutes(t, prefix);
    historyRoutes(t, prefix);
    limitRoutes(t, prefix);
    serverGroupRoutes(t, prefix);
  }
}

export const nova: ServiceModule = {
  name: 'nova',
  catalog: [{ type: 'compute', name: 'nova', path: '/v2.1' }],
  errors: computeErrors,
  microversions: NOVA_MICROVERSIONS,
  routes,
  seed: seedNova,
};

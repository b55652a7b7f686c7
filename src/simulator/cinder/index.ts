/**
 * Cinder v3 (block storage): microversions 3.0–3.70, routes under /v3/{project_id} (and
 * project-less /v3 as 3.67 allows), volumes with sparse file-backed bytes, snapshots, types,
 * attachments, upload-to-image, limits and quotas. Seeds detached volumes from the scenario.
 */
import { computeErrors } from '../core/errors.js';
import type { MicroversionSpec } from '../core/microversion.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import type { ServiceModule } from '../core/service.js';
import { computeRequestId, stampingTable } from '../nova/stampHeaders.js';
import { attachmentRoutes } from './attachmentsApi.js';
import { DEFAULT_CINDER_QUOTA } from './model.js';
import { seedCinder } from './seed.js';
import { snapshotRoutes } from './snapshots.js';
import { quotaRoutes, typeRoutes } from './typesAndLimits.js';
import { volumeActionRoutes } from './volumeActions.js';
import { volumeRoutes } from './volumes.js';

export const CINDER_MICROVERSIONS: MicroversionSpec = { serviceType: 'volume', min: '3.0', max: '3.70' };

function versionDoc(ctx: RequestContext): Record<string, unknown> {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: CINDER_MICROVERSIONS.max,
    min_version: CINDER_MICROVERSIONS.min,
    updated: '2023-08-31T00:00:00Z',
    links: [
      { href: 'https://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
      { href: `${ctx.origin}/v3/`, rel: 'self' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  };
}

function routes(table: RouteTable): void {
  const t = stampingTable(table, computeRequestId);
  const open = { auth: 'none' as const, unversioned: true };
  const stated = (ctx: RequestContext) => {
    ctx.responseHeaders['openstack-api-version'] = `volume ${CINDER_MICROVERSIONS.min}`;
    return { versions: [versionDoc(ctx)] };
  };
  t.get('/', (ctx) => json(300, stated(ctx)), open);
  t.get('/v3', (ctx) => json(200, stated(ctx)), open);
  for (const prefix of ['/v3/{project_id}', '/v3']) {
    volumeRoutes(t, prefix);
    volumeActionRoutes(t, prefix);
    snapshotRoutes(t, prefix);
    typeRoutes(t, prefix);
    attachmentRoutes(t, prefix);
    quotaRoutes(t, prefix);
  }
}

export const cinder: ServiceModule = {
  name: 'cinder',
  catalog: [
    { type: 'volumev3', name: 'cinderv3', path: '/v3/{project_id}' },
    { type: 'block-storage', name: 'cinder', path: '/v3/{project_id}' },
  ],
  errors: computeErrors,
  microversions: CINDER_MICROVERSIONS,
  routes,
  seed(c, scenario) {
    for (const [k, v] of Object.entries(DEFAULT_CINDER_QUOTA)) c.quotas.setDefault(k, v);
    seedCinder(c, scenario);
  },
};

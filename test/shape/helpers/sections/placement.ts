/** Placement: version document, providers, inventories, usages, microversion and 404 errors. */
import type { Probe } from '../probe.js';

const MV = { 'openstack-api-version': 'placement 1.39' };

export async function placement(p: Probe): Promise<void> {
  await p.call('version-root', 'admin', 'placement', 'GET', '/');
  const providers = await p.call('resource-providers', 'admin', 'placement', 'GET', '/resource_providers', { headers: MV });
  const rp = (providers.body as any).resource_providers?.[0]?.uuid as string | undefined;
  if (!rp) throw new Error('no resource provider to inspect');
  await p.call('inventories', 'admin', 'placement', 'GET', `/resource_providers/${rp}/inventories`, { headers: MV, dynamic: ['inventories'] });
  await p.call('usages', 'admin', 'placement', 'GET', `/resource_providers/${rp}/usages`, { headers: MV, dynamic: ['usages'] });
  await p.call('provider-not-found', 'admin', 'placement', 'GET', '/resource_providers/00000000-0000-4000-8000-000000000000',
    { headers: MV, values: ['errors.0.status', 'errors.0.code'] });
  await p.call('microversion-too-high', 'admin', 'placement', 'GET', '/resource_providers', { headers: { 'openstack-api-version': 'placement 1.999' } });
}

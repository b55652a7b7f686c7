/**
 * Neutron v2.0: networks, subnets, ports, routers, security groups and rules, floating IPs, tags
 * and quotas, with NeutronError bodies. Other services call api.ts, not HTTP.
 */
import { neutronErrors } from '../core/errors.js';
import type { ServiceModule } from '../core/service.js';
import { floatingIpRoutes } from './floatingIps.js';
import { networkRoutes } from './networks.js';
import { portRoutes } from './ports.js';
import { quotaRoutes } from './quotas.js';
import { routerRoutes } from './routers.js';
import { securityGroupRoutes } from './securityGroups.js';
import { seedNeutron } from './seed.js';
import { subnetRoutes } from './subnets.js';
import { tagRoutes } from './tags.js';

/** The API extensions this simulator implements, so clients that probe for them find them. */
const EXTENSIONS: [string, string][] = [
  ['router', 'Neutron L3 Router'],
  ['external-net', 'Neutron external network'],
  ['extraroute', 'Neutron Extra Route'],
  ['security-group', 'security-group'],
  ['port-security', 'Port Security'],
  ['allowed-address-pairs', 'Allowed Address Pairs'],
  ['binding', 'Port Binding'],
  ['quotas', 'Quota management support'],
  ['quota_details', 'Quota details management support'],
  ['standard-attr-tag', 'Tag support for resources with standard attribute'],
  ['standard-attr-revisions', 'Resource revision numbers'],
  ['standard-attr-timestamp', 'Resource timestamps'],
  ['standard-attr-description', 'standard-attr-description'],
  ['project-id', 'project_id field enabled'],
  ['pagination', 'Pagination support'],
  ['sorting', 'Sorting support'],
  ['fip-port-details', 'Floating IP Port Details Extension'],
];

export const neutron: ServiceModule = {
  name: 'neutron',
  catalog: [{ type: 'network', name: 'neutron', path: '' }],
  errors: neutronErrors,
  routes(t) {
    t.get('/', (ctx) => ({ status: 200, body: { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${ctx.origin}/v2.0/`, rel: 'self' }] }] } }), { auth: 'none' });
    t.get('/v2.0', (ctx) => ({
      status: 200,
      body: { resources: ['networks', 'subnets', 'ports', 'routers', 'security_groups', 'security_group_rules', 'floatingips'].map((name) => ({ name: name.replace(/s$/, ''), collection: name, links: [{ href: `${ctx.origin}/v2.0/${name.replaceAll('_', '-')}`, rel: 'self' }] })) },
    }));
    t.get('/v2.0/extensions', () => ({
      status: 200,
      body: { extensions: EXTENSIONS.map(([alias, name]) => ({ alias, name, description: name, links: [], updated: '2013-01-01T00:00:00-00:00' })) },
    }));
    networkRoutes(t);
    subnetRoutes(t);
    portRoutes(t);
    routerRoutes(t);
    securityGroupRoutes(t);
    floatingIpRoutes(t);
    quotaRoutes(t);
    tagRoutes(t);
  },
  seed: seedNeutron,
};

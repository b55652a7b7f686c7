/**
 * Ironic v1 (baremetal): microversions 1.1–1.82 (X-OpenStack-Ironic-API-Version or
 * OpenStack-API-Version: baremetal), nodes with the provision and power state machines, ports.
 * Seeds the scenario's machines marked inIronic as manageable nodes with their ports.
 */
import { ironicErrors } from '../core/errors.js';
import { atLeast } from '../core/microversion.js';
import { json, type RequestContext, type RouteTable } from '../core/router.js';
import type { ServiceModule } from '../core/service.js';
import { reachableMachines } from '../redfish/registry.js';
import { nodeRoutes } from './nodes.js';
import { portRoutes } from './ports.js';
import { stampingTable } from '../nova/stampHeaders.js';
import { defaultInterface } from './interfaces.js';
import { INTERFACE_FIELDS } from './model.js';
import { IRONIC_MAX, IRONIC_MIN, ironicPorts, nodes, stamp, versionHeaders } from './store.js';

function versionEntry(ctx: RequestContext): Record<string, unknown> {
  return { id: 'v1', links: [{ href: `${ctx.origin}/v1/`, rel: 'self' }], min_version: IRONIC_MIN, status: 'CURRENT', version: IRONIC_MAX };
}

function routes(table: RouteTable): void {
  // Every answer, errors included, carries the request id as openstack-request-id and the version range.
  const t = stampingTable(table, (ctx) => {
    // Real Ironic names the request id only Openstack-Request-Id, never x-openstack-request-id.
    delete ctx.responseHeaders['x-openstack-request-id'];
    ctx.responseHeaders['openstack-request-id'] = ctx.requestId;
    versionHeaders(ctx);
  });
  t.get('/', (ctx) => {
    versionHeaders(ctx);
    return json(200, {
      name: 'OpenStack Ironic API',
      description: 'Ironic is an OpenStack project which enables the provision and management of baremetal machines.',
      default_version: versionEntry(ctx),
      versions: [versionEntry(ctx)],
    });
  }, { auth: 'none', unversioned: true });
  t.get('/v1', (ctx) => {
    versionHeaders(ctx);
    const link = (name: string) => [{ href: `${ctx.origin}/v1/${name}/`, rel: 'self' }, { href: `${ctx.origin}/${name}/`, rel: 'bookmark' }];
    return json(200, {
      id: 'v1',
      links: [{ href: `${ctx.origin}/v1/`, rel: 'self' }, { href: 'https://docs.openstack.org/ironic/latest/contributor/webapi.html', rel: 'describedby', type: 'text/html' }],
      media_types: { base: 'application/json', type: 'application/vnd.openstack.ironic.v1+json' },
      chassis: link('chassis'),
      nodes: link('nodes'),
      ports: link('ports'),
      ...(atLeast(ctx.microversion, '1.24') ? { portgroups: link('portgroups') } : {}),
      drivers: link('drivers'),
      version: versionEntry(ctx),
    });
  }, { auth: 'none' });
  nodeRoutes(t);
  portRoutes(t);
}

export const ironic: ServiceModule = {
  name: 'ironic',
  catalog: [{ type: 'baremetal', name: 'ironic', path: '' }],
  errors: ironicErrors,
  microversions: { serviceType: 'baremetal', legacyHeaders: ['x-openstack-ironic-api-version'], min: IRONIC_MIN, max: IRONIC_MAX },
  routes,
  seed(c) {
    // Machines already enrolled (scenario inIronic) are manageable nodes with their ports, in the
    // new cloud's Ironic: reclaimed hardware is enrolled where it is going, whichever cloud lists it.
    if (c.name !== 'destination') return;
    for (const m of reachableMachines(c)) {
      if (!m.inIronic) continue;
      const driverInfo: Record<string, unknown> =
        m.driver === 'redfish'
          ? { redfish_address: m.bmcUrl ?? m.seededAddress, redfish_system_id: `/redfish/v1/Systems/${m.id}`, redfish_username: m.username, redfish_password: m.password }
          : { ipmi_address: m.seededAddress, ipmi_port: m.seededPort ?? 623, ipmi_username: m.username, ipmi_password: m.password };
      const id = c.ids.uuid();
      nodes(c).put({
        id, name: m.id, driver: m.driver, driverInfo, properties: { cpus: m.cpus, memory_mb: m.memoryMb, local_gb: m.localGb, cpu_arch: m.cpuArch },
        extra: {}, resourceClass: 'baremetal', provisionState: 'manageable', targetProvisionState: null, powerState: m.powerState === 'On' ? 'power on' : 'power off',
        targetPowerState: null, lastError: null, maintenance: false, maintenanceReason: null, reservation: null, bootDevice: null, instanceUuid: null,
        instanceInfo: {}, interfaces: Object.fromEntries(INTERFACE_FIELDS.map((f) => [f, defaultInterface(m.driver, f)])), traits: [], description: null, owner: null, createdAt: stamp(c), updatedAt: null, provisionUpdatedAt: null,
        inspectionStartedAt: null, inspectionFinishedAt: null,
      });
      for (const mac of m.macs) ironicPorts(c).put({ id: c.ids.uuid(), address: mac, nodeId: id, pxeEnabled: true, physicalNetwork: null, localLinkConnection: {}, extra: {}, name: null, createdAt: stamp(c), updatedAt: null });
    }
  },
};

/** Ironic: versions, nodes and ports, provision-state transitions, pagination, 400/404/409 errors. */
import type { Probe } from '../probe.js';
import { quietly } from '../probe.js';

const MV = { 'x-openstack-ironic-api-version': '1.78' };
const opts = { headers: MV };

export async function baremetal(p: Probe): Promise<void> {
  const nodes: string[] = [];
  let portId: string | undefined;
  const provision = (id: string, target: string) => p.raw('admin', 'baremetal', 'PUT', `/v1/nodes/${id}/states/provision`, { ...opts, body: { target } });
  // Reached only once the conductor has let go of the node too: a request while it still holds
  // the lock is a 409 NodeLocked, which once turned the next recorded call's 400 into a 409.
  const state = (id: string, wanted: string) => p.waitFor('admin', 'baremetal', `/v1/nodes/${id}`, (b) => (b.reservation ? 'locked' : b.provision_state), [wanted], opts);
  try {
    await p.call('versions', 'admin', 'baremetal', 'GET', '/', { fromRoot: true });
    await p.call('version-v1', 'admin', 'baremetal', 'GET', '/v1', { fromRoot: true });
    // Zed's default policy lets a project member list nodes (filtered to those it owns or leases).
    await p.call('nodes-as-member', 'member', 'baremetal', 'GET', '/v1/nodes', opts);
    const node = await p.call('node-create', 'admin', 'baremetal', 'POST', '/v1/nodes',
      { ...opts, body: { name: 'conf-node', driver: 'fake-hardware', properties: { cpus: 2, memory_mb: 1024 } }, values: ['provision_state'] });
    const id = (node.body as any).uuid as string;
    nodes.push(id);
    const spare = await p.raw('admin', 'baremetal', 'POST', '/v1/nodes', { ...opts, body: { name: 'conf-node-2', driver: 'fake-hardware' } });
    nodes.push((spare.body as any).uuid);
    await p.call('node-show', 'admin', 'baremetal', 'GET', `/v1/nodes/${id}`, opts);
    await p.call('node-show-default-version', 'admin', 'baremetal', 'GET', `/v1/nodes/${id}`);
    await p.call('nodes-page', 'admin', 'baremetal', 'GET', '/v1/nodes?limit=1', opts);
    const port = await p.call('port-create', 'admin', 'baremetal', 'POST', '/v1/ports', { ...opts, body: { address: '52:54:00:c0:ff:ee', node_uuid: id } });
    portId = (port.body as any).uuid;
    await p.call('port-duplicate-mac', 'admin', 'baremetal', 'POST', '/v1/ports', { ...opts, body: { address: '52:54:00:c0:ff:ee', node_uuid: id } });
    await p.call('provision-manage', 'admin', 'baremetal', 'PUT', `/v1/nodes/${id}/states/provision`, { ...opts, body: { target: 'manage' } });
    await state(id, 'manageable');
    await provision(id, 'provide');
    p.record('node-available', await state(id, 'available'), { values: ['provision_state', 'power_state'] });
    await p.call('provision-invalid', 'admin', 'baremetal', 'PUT', `/v1/nodes/${id}/states/provision`, { ...opts, body: { target: 'provide' } });
    p.notApplicable('baremetal/node-locked', 'a 409 NodeLocked needs a conductor holding the lock at the moment of the call; fake-hardware transitions finish too fast to catch it deterministically');
    await p.call('node-not-found', 'admin', 'baremetal', 'GET', '/v1/nodes/conf-no-such-node', opts);
    await p.call('microversion-too-high', 'admin', 'baremetal', 'GET', '/v1/nodes', { headers: { 'x-openstack-ironic-api-version': '1.999' } });
    await p.call('port-delete', 'admin', 'baremetal', 'DELETE', `/v1/ports/${portId}`, opts);
    portId = undefined;
  } finally {
    if (portId) await quietly(p.raw('admin', 'baremetal', 'DELETE', `/v1/ports/${portId}`, opts));
    for (const id of nodes) await quietly(p.raw('admin', 'baremetal', 'DELETE', `/v1/nodes/${id}`, opts));
  }
}

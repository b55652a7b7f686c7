/**
 * Empties a harness project of what stackshift apply creates there (routers with their
 * interfaces, ports, subnets, networks, security groups, keypairs) and deletes the named public
 * flavors as admin. Fast, plain-HTTP counterpart of ../shared/openstack/wipe.sh for the
 * infrastructure kinds only.
 */
import { quietly } from '../../shape/helpers/probe.js';
import type { Session } from '../../shape/helpers/session.js';

const list = async (s: Session, path: string, key: string): Promise<any[]> => {
  const r = await s.call('network', 'GET', path);
  return r.status === 200 ? ((r.body as Record<string, any[]>)[key] ?? []) : [];
};

export async function cleanProject(member: Session, admin: Session, flavorNames: string[]): Promise<void> {
  const mine = `project_id=${member.projectId}`;
  for (const router of await list(member, `/v2.0/routers?${mine}`, 'routers')) {
    // Neutron refuses (409) to remove an interface whose subnet a static route goes through.
    if (router.routes?.length) await quietly(member.call('network', 'PUT', `/v2.0/routers/${router.id}`, { body: { router: { routes: [] } } }));
    for (const port of await list(member, `/v2.0/ports?device_id=${router.id}&device_owner=network:router_interface`, 'ports')) {
      await quietly(member.call('network', 'PUT', `/v2.0/routers/${router.id}/remove_router_interface`, { body: { port_id: port.id } }));
    }
    await quietly(member.call('network', 'DELETE', `/v2.0/routers/${router.id}`));
  }
  for (const fip of await list(member, `/v2.0/floatingips?${mine}`, 'floatingips')) await quietly(member.call('network', 'DELETE', `/v2.0/floatingips/${fip.id}`));
  for (const port of await list(member, `/v2.0/ports?${mine}`, 'ports')) {
    if (!String(port.device_owner ?? '').startsWith('network:')) await quietly(member.call('network', 'DELETE', `/v2.0/ports/${port.id}`));
  }
  for (const net of await list(member, `/v2.0/networks?${mine}`, 'networks')) {
    if (!net['router:external']) await quietly(member.call('network', 'DELETE', `/v2.0/networks/${net.id}`));
  }
  for (const sg of await list(member, `/v2.0/security-groups?${mine}`, 'security_groups')) {
    if (sg.name !== 'default') await quietly(member.call('network', 'DELETE', `/v2.0/security-groups/${sg.id}`));
  }
  const keys = await member.call('compute', 'GET', '/os-keypairs');
  for (const k of ((keys.body as any)?.keypairs ?? []) as { keypair: { name: string } }[]) {
    await quietly(member.call('compute', 'DELETE', `/os-keypairs/${encodeURIComponent(k.keypair.name)}`));
  }
  const flavors = await admin.call('compute', 'GET', '/flavors?is_public=None');
  for (const f of ((flavors.body as any)?.flavors ?? []) as { id: string; name: string }[]) {
    if (flavorNames.includes(f.name)) await quietly(admin.call('compute', 'DELETE', `/flavors/${f.id}`));
  }
}

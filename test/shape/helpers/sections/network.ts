/** Neutron: networks, subnets, routers, ports, security groups (and their default rules), floating IPs, tags, quotas, errors. */
import type { Probe } from '../probe.js';
import { quietly } from '../probe.js';

const N = '/v2.0';

export async function network(p: Probe): Promise<void> {
  const err = { values: ['NeutronError.type'] };
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    await p.call('versions', 'member', 'network', 'GET', '/', { fromRoot: true });
    const external = await p.call('networks-external', 'member', 'network', 'GET', `${N}/networks?router:external=true`);
    const publicId = (external.body as any).networks[0].id as string;
    const net = await p.call('network-create', 'member', 'network', 'POST', `${N}/networks`,
      { body: { network: { name: 'conf-net', description: 'stackshift conformance' } } });
    const netId = (net.body as any).network.id as string;
    cleanup.push(() => p.raw('member', 'network', 'DELETE', `${N}/networks/${netId}`));
    await p.call('network-show', 'member', 'network', 'GET', `${N}/networks/${netId}`);
    // Which network comes first depends on what else exists; `is_default` is only on external ones.
    await p.call('networks-page', 'member', 'network', 'GET', `${N}/networks?limit=1`, { values: ['networks_links.0.rel'], ignore: ['networks[].is_default'] });
    await p.call('network-tag-add', 'member', 'network', 'PUT', `${N}/networks/${netId}/tags/conf-tag`);
    await p.call('network-tags-replace', 'member', 'network', 'PUT', `${N}/networks/${netId}/tags`, { body: { tags: ['conf-tag', 'b'] } });
    await p.call('networks-by-tag', 'member', 'network', 'GET', `${N}/networks?tags=conf-tag`);
    await p.call('subnet-bad-cidr', 'member', 'network', 'POST', `${N}/subnets`,
      { body: { subnet: { network_id: netId, cidr: '10.99.0.0/33', ip_version: 4 } } });
    const subnet = await p.call('subnet-create', 'member', 'network', 'POST', `${N}/subnets`,
      { body: { subnet: { network_id: netId, cidr: '10.99.0.0/24', ip_version: 4, name: 'conf-subnet' } } });
    const subnetId = (subnet.body as any).subnet.id as string;
    cleanup.unshift(() => p.raw('member', 'network', 'DELETE', `${N}/subnets/${subnetId}`));
    const router = await p.call('router-create', 'member', 'network', 'POST', `${N}/routers`,
      { body: { router: { name: 'conf-router', external_gateway_info: { network_id: publicId } } } });
    const routerId = (router.body as any).router.id as string;
    cleanup.unshift(() => p.raw('member', 'network', 'DELETE', `${N}/routers/${routerId}`));
    await p.call('router-add-interface', 'member', 'network', 'PUT', `${N}/routers/${routerId}/add_router_interface`, { body: { subnet_id: subnetId } });
    cleanup.unshift(() => p.raw('member', 'network', 'PUT', `${N}/routers/${routerId}/remove_router_interface`, { body: { subnet_id: subnetId } }));
    await p.call('router-show', 'member', 'network', 'GET', `${N}/routers/${routerId}`);
    await p.call('ports-of-network', 'member', 'network', 'GET', `${N}/ports?network_id=${netId}`);
    const port = await p.call('port-create', 'member', 'network', 'POST', `${N}/ports`, { body: { port: { network_id: netId, name: 'conf-port' } } });
    const portId = (port.body as any).port.id as string;
    cleanup.unshift(() => p.raw('member', 'network', 'DELETE', `${N}/ports/${portId}`));
    await p.call('network-delete-in-use', 'member', 'network', 'DELETE', `${N}/networks/${netId}`, err);
    await p.call('subnet-delete-in-use', 'member', 'network', 'DELETE', `${N}/subnets/${subnetId}`, err);
    await p.call('security-groups-default', 'member', 'network', 'GET', `${N}/security-groups?name=default`);
    const sg = await p.call('security-group-create', 'member', 'network', 'POST', `${N}/security-groups`,
      { body: { security_group: { name: 'conf-sg', description: 'conformance' } } });
    const sgId = (sg.body as any).security_group.id as string;
    cleanup.unshift(() => p.raw('member', 'network', 'DELETE', `${N}/security-groups/${sgId}`));
    const rule = { security_group_rule: { security_group_id: sgId, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp',
      port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' } };
    await p.call('security-group-rule-create', 'member', 'network', 'POST', `${N}/security-group-rules`, { body: rule });
    await p.call('security-group-rule-duplicate', 'member', 'network', 'POST', `${N}/security-group-rules`, { body: rule, ...err });
    await p.call('security-group-rules-of-group', 'member', 'network', 'GET', `${N}/security-group-rules?security_group_id=${sgId}`);
    const fip = await p.call('floatingip-create', 'member', 'network', 'POST', `${N}/floatingips`,
      { body: { floatingip: { floating_network_id: publicId, port_id: portId } } });
    const fipId = (fip.body as any).floatingip?.id as string | undefined;
    if (fipId) cleanup.unshift(() => p.raw('member', 'network', 'DELETE', `${N}/floatingips/${fipId}`));
    await p.call('floatingips', 'member', 'network', 'GET', `${N}/floatingips`);
    await p.call('quota-show', 'member', 'network', 'GET', `${N}/quotas/${p.session('member').projectId}`);
    await p.call('network-not-found', 'member', 'network', 'GET', `${N}/networks/00000000-0000-4000-8000-000000000000`, err);
    await p.call('network-bad-body', 'member', 'network', 'POST', `${N}/networks`, { body: { net: {} }, ...err });
  } finally {
    for (const step of cleanup) await quietly(step());
  }
}

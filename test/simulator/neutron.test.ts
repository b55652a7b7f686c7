/** Neutron v2.0 contract: resources, IPAM, routers, security groups, floating IPs, tags, quotas, errors. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTarget, type Target } from './helpers/target.js';
import { login, type Session } from './helpers/session.js';

let target: Target;
let s: Session;
const cleanup: (() => Promise<unknown>)[] = [];
before(async () => {
  target = await openTarget();
  s = await login(target.source);
});
after(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
  await target.close();
});

const net = (path: string, method = 'GET', body?: unknown) => s.request('network', method, `/v2.0${path}`, body === undefined ? {} : { body });
const unique = (p: string) => `${p}-${Math.random().toString(36).slice(2, 8)}`;

async function network(name = unique('net'), extra: Record<string, unknown> = {}) {
  const r = await net('/networks', 'POST', { network: { name, ...extra } });
  assert.equal(r.status, 201, r.text);
  cleanup.push(() => net(`/networks/${r.body.network.id}`, 'DELETE'));
  return r.body.network;
}
async function subnet(networkId: string, cidr: string, extra: Record<string, unknown> = {}) {
  const r = await net('/subnets', 'POST', { subnet: { network_id: networkId, cidr, ip_version: 4, name: unique('sn'), ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.body.subnet;
}
async function publicNet() {
  const r = await net('/networks?router:external=true');
  assert.ok(r.body.networks.length > 0, 'an external network exists');
  return r.body.networks[0];
}

test('networks: create, show, update, filter by name, fields, and 404 NetworkNotFound', async () => {
  const n = await network(unique('n'), { mtu: 1400, description: 'd' });
  assert.equal(n.status, 'ACTIVE');
  assert.equal(n.mtu, 1400);
  assert.equal(n['router:external'], false);
  assert.equal(n.project_id, s.projectId);
  assert.equal(n.tenant_id, s.projectId);
  assert.deepEqual(n.subnets, []);
  const upd = await net(`/networks/${n.id}`, 'PUT', { network: { name: `${n.name}-x` } });
  assert.equal(upd.body.network.name, `${n.name}-x`);
  assert.ok(upd.body.network.revision_number > n.revision_number);
  const byName = await net(`/networks?name=${n.name}-x&fields=id&fields=name`);
  assert.deepEqual(byName.body.networks, [{ id: n.id, name: `${n.name}-x` }]);
  const missing = await net('/networks/00000000-0000-4000-8000-000000000000');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { NeutronError: { type: 'NetworkNotFound', message: 'Network 00000000-0000-4000-8000-000000000000 could not be found.', detail: '' } });
  const bad = await net('/networks', 'POST', { net: {} });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.NeutronError.message, "Unable to find 'network' in request body");
  const unknown = await net('/networks', 'POST', { network: { name: 'x', bogus: 1 } });
  assert.equal(unknown.status, 400);
});

test('the external network is visible to members; creating one is admin-only', async () => {
  const pub = await publicNet();
  assert.equal(pub['router:external'], true);
  const denied = await net('/networks', 'POST', { network: { name: unique('ext'), 'router:external': true } });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.NeutronError.type, 'PolicyNotAuthorized');
});

test('pagination: limit/marker with next and previous links', async () => {
  const a = await network();
  const b = await network();
  const page1 = await net(`/networks?limit=1&id=${a.id}&id=${b.id}`);
  assert.equal(page1.body.networks.length, 1);
  const next = page1.body.networks_links.find((l: { rel: string }) => l.rel === 'next');
  assert.ok(next, 'next link');
  const url = new URL(next.href);
  const page2 = await net(`/networks${url.search}`);
  assert.equal(page2.body.networks.length, 1);
  assert.notEqual(page2.body.networks[0].id, page1.body.networks[0].id);
  assert.ok(page2.body.networks_links.some((l: { rel: string }) => l.rel === 'previous'));
  const byNameDesc = await net(`/networks?id=${a.id}&id=${b.id}&sort_key=name&sort_dir=desc`);
  assert.deepEqual(byNameDesc.body.networks.map((x: { name: string }) => x.name), [a.name, b.name].sort().reverse());
  const ext = await net('/extensions');
  for (const alias of ['router', 'external-net', 'standard-attr-tag', 'security-group']) {
    assert.ok(ext.body.extensions.some((e: { alias: string }) => e.alias === alias), `extension ${alias}`);
  }
});

test('subnets: default gateway and pool, CIDR validation, overlap within a network, dns and host routes', async () => {
  const n = await network();
  const sn = await subnet(n.id, '10.77.0.0/24', { dns_nameservers: ['10.77.0.2'], host_routes: [{ destination: '10.88.0.0/16', nexthop: '10.77.0.254' }] });
  assert.equal(sn.gateway_ip, '10.77.0.1');
  assert.deepEqual(sn.allocation_pools, [{ start: '10.77.0.2', end: '10.77.0.254' }]);
  assert.deepEqual(sn.dns_nameservers, ['10.77.0.2']);
  assert.deepEqual(sn.host_routes, [{ destination: '10.88.0.0/16', nexthop: '10.77.0.254' }]);
  assert.equal(sn.enable_dhcp, true);
  const shown = await net(`/networks/${n.id}`);
  assert.deepEqual(shown.body.network.subnets, [sn.id]);
  const badCidr = await net('/subnets', 'POST', { subnet: { network_id: n.id, cidr: '10.99.0.0/33', ip_version: 4 } });
  assert.equal(badCidr.status, 400);
  assert.equal(badCidr.body.NeutronError.type, 'InvalidInput');
  const overlap = await net('/subnets', 'POST', { subnet: { network_id: n.id, cidr: '10.77.0.128/25', ip_version: 4 } });
  assert.equal(overlap.status, 400);
  assert.match(overlap.body.NeutronError.message, /overlaps with another subnet/);
  const pool = await subnet(n.id, '10.78.0.0/24', { allocation_pools: [{ start: '10.78.0.100', end: '10.78.0.101' }] });
  const outside = await net('/subnets', 'POST', { subnet: { network_id: n.id, cidr: '10.79.0.0/24', ip_version: 4, allocation_pools: [{ start: '10.80.0.1', end: '10.80.0.9' }] } });
  assert.equal(outside.status, 400);
  // The two-address pool runs out on the third port.
  for (let i = 0; i < 2; i++) assert.equal((await net('/ports', 'POST', { port: { network_id: n.id, fixed_ips: [{ subnet_id: pool.id }] } })).status, 201);
  const full = await net('/ports', 'POST', { port: { network_id: n.id, fixed_ips: [{ subnet_id: pool.id }] } });
  assert.equal(full.status, 409);
  assert.equal(full.body.NeutronError.type, 'IpAddressGenerationFailure');
  for (const p of (await net(`/ports?network_id=${n.id}`)).body.ports) await net(`/ports/${p.id}`, 'DELETE');
});

test('ports: fixed IPs from the pool, explicit IP, duplicates 409, MAC, default security group; in-use deletes 409', async () => {
  const n = await network();
  const sn = await subnet(n.id, '10.60.0.0/24');
  const p1 = (await net('/ports', 'POST', { port: { network_id: n.id, name: 'p1' } })).body.port;
  assert.equal(p1.fixed_ips.length, 1);
  assert.equal(p1.fixed_ips[0].subnet_id, sn.id);
  assert.match(p1.fixed_ips[0].ip_address, /^10\.60\.0\.\d+$/);
  assert.notEqual(p1.fixed_ips[0].ip_address, '10.60.0.1', 'the gateway is never handed out');
  assert.match(p1.mac_address, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  assert.equal(p1.status, 'DOWN');
  assert.equal(p1.security_groups.length, 1);
  const sg = await net(`/security-groups/${p1.security_groups[0]}`);
  assert.equal(sg.body.security_group.name, 'default');
  const p2 = await net('/ports', 'POST', { port: { network_id: n.id, fixed_ips: [{ ip_address: '10.60.0.50' }], device_owner: 'compute:nova', device_id: 'server-1' } });
  assert.equal(p2.status, 201);
  assert.deepEqual(p2.body.port.fixed_ips, [{ subnet_id: sn.id, ip_address: '10.60.0.50' }]);
  const dup = await net('/ports', 'POST', { port: { network_id: n.id, fixed_ips: [{ ip_address: '10.60.0.50' }] } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.NeutronError.type, 'IpAddressAlreadyAllocated');
  const sameMac = await net('/ports', 'POST', { port: { network_id: n.id, mac_address: p1.mac_address } });
  assert.equal(sameMac.status, 409);
  assert.equal(sameMac.body.NeutronError.type, 'MacAddressInUse');
  const byDevice = await net(`/ports?device_id=server-1`);
  assert.deepEqual(byDevice.body.ports.map((p: { id: string }) => p.id), [p2.body.port.id]);
  const netInUse = await net(`/networks/${n.id}`, 'DELETE');
  assert.equal(netInUse.status, 409);
  assert.equal(netInUse.body.NeutronError.type, 'NetworkInUse');
  const snInUse = await net(`/subnets/${sn.id}`, 'DELETE');
  assert.equal(snInUse.status, 409);
  assert.equal(snInUse.body.NeutronError.type, 'SubnetInUse');
  for (const p of [p1.id, p2.body.port.id]) assert.equal((await net(`/ports/${p}`, 'DELETE')).status, 204);
  assert.equal((await net(`/ports/${p1.id}`)).status, 404);
  assert.equal((await net(`/subnets/${sn.id}`, 'DELETE')).status, 204);
});

test('routers: gateway, interfaces by subnet and port, static routes, 409 RouterInUse, remove errors', async () => {
  const pub = await publicNet();
  const n = await network();
  const sn = await subnet(n.id, '10.61.0.0/24');
  const sn2 = await subnet(n.id, '10.62.0.0/24');
  const r = (await net('/routers', 'POST', { router: { name: unique('r'), external_gateway_info: { network_id: pub.id } } })).body.router;
  cleanup.push(() => net(`/routers/${r.id}`, 'DELETE'));
  assert.equal(r.external_gateway_info.network_id, pub.id);
  assert.equal(r.external_gateway_info.external_fixed_ips.length, 1);
  const add = await net(`/routers/${r.id}/add_router_interface`, 'PUT', { subnet_id: sn.id });
  assert.equal(add.status, 200);
  assert.equal(add.body.subnet_id, sn.id);
  const port = (await net(`/ports/${add.body.port_id}`)).body.port;
  assert.equal(port.device_owner, 'network:router_interface');
  assert.deepEqual(port.fixed_ips, [{ subnet_id: sn.id, ip_address: sn.gateway_ip }]);
  const again = await net(`/routers/${r.id}/add_router_interface`, 'PUT', { subnet_id: sn.id });
  assert.equal(again.status, 400);
  const direct = await net(`/ports/${port.id}`, 'DELETE');
  assert.equal(direct.status, 409);
  const p = (await net('/ports', 'POST', { port: { network_id: n.id, fixed_ips: [{ subnet_id: sn2.id, ip_address: '10.62.0.1' }] } })).body.port;
  assert.equal((await net(`/routers/${r.id}/add_router_interface`, 'PUT', { port_id: p.id })).status, 200);
  const routes = await net(`/routers/${r.id}`, 'PUT', { router: { routes: [{ destination: '192.168.50.0/24', nexthop: '10.61.0.10' }] } });
  assert.equal(routes.status, 200);
  assert.deepEqual(routes.body.router.routes, [{ destination: '192.168.50.0/24', nexthop: '10.61.0.10' }]);
  const badHop = await net(`/routers/${r.id}`, 'PUT', { router: { routes: [{ destination: '192.168.51.0/24', nexthop: '172.16.0.1' }] } });
  assert.equal(badHop.status, 400);
  await net(`/routers/${r.id}`, 'PUT', { router: { routes: [] } });
  const inUse = await net(`/routers/${r.id}`, 'DELETE');
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.NeutronError.type, 'RouterInUse');
  const notThere = await net(`/routers/${r.id}/remove_router_interface`, 'PUT', { port_id: '00000000-0000-4000-8000-000000000000' });
  assert.equal(notThere.status, 404);
  assert.equal(notThere.body.NeutronError.type, 'RouterInterfaceNotFound');
  assert.equal((await net(`/routers/${r.id}/remove_router_interface`, 'PUT', { subnet_id: sn.id })).status, 200);
  assert.equal((await net(`/routers/${r.id}/remove_router_interface`, 'PUT', { port_id: p.id })).status, 200);
  const noIf = await net(`/routers/${r.id}/remove_router_interface`, 'PUT', { subnet_id: sn.id });
  assert.equal(noIf.body.NeutronError.type, 'RouterInterfaceNotFoundForSubnet');
  assert.equal((await net(`/routers/${r.id}`, 'DELETE')).status, 204);
});

test('security groups: two default egress rules, the project default group, duplicate rule 409', async () => {
  const g = (await net('/security-groups', 'POST', { security_group: { name: unique('sg'), description: 'x' } })).body.security_group;
  cleanup.push(() => net(`/security-groups/${g.id}`, 'DELETE'));
  const rules = g.security_group_rules.map((r: any) => [r.direction, r.ethertype, r.protocol, r.remote_ip_prefix]).sort();
  assert.deepEqual(rules, [['egress', 'IPv4', null, null], ['egress', 'IPv6', null, null]]);
  const defaults = await net('/security-groups?name=default');
  assert.equal(defaults.body.security_groups.length, 1);
  assert.equal(defaults.body.security_groups[0].security_group_rules.length, 4);
  const rule = { security_group_rule: { security_group_id: g.id, direction: 'ingress', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' } };
  const created = await net('/security-group-rules', 'POST', rule);
  assert.equal(created.status, 201);
  assert.equal(created.body.security_group_rule.ethertype, 'IPv4');
  assert.equal(created.body.security_group_rule.normalized_cidr, '0.0.0.0/0');
  const dup = await net('/security-group-rules', 'POST', rule);
  assert.equal(dup.status, 409);
  assert.deepEqual(dup.body.NeutronError, { type: 'SecurityGroupRuleExists', message: `Security group rule already exists. Rule id is ${created.body.security_group_rule.id}.`, detail: '' });
  const conflict = await net('/security-group-rules', 'POST', { security_group_rule: { security_group_id: g.id, direction: 'ingress', ethertype: 'IPv6', remote_ip_prefix: '10.0.0.0/8' } });
  assert.equal(conflict.status, 400);
  const ofGroup = await net(`/security-group-rules?security_group_id=${g.id}`);
  assert.equal(ofGroup.body.security_group_rules.length, 3);
  assert.equal((await net(`/security-group-rules/${created.body.security_group_rule.id}`, 'DELETE')).status, 204);
  const gone = await net(`/security-groups/00000000-0000-4000-8000-000000000000`);
  assert.equal(gone.body.NeutronError.type, 'SecurityGroupNotFound');
});

test('security group rules in bulk: made in the order asked, all or none, one group per request (as Zed answers)', async () => {
  const g = (await net('/security-groups', 'POST', { security_group: { name: unique('sg') } })).body.security_group;
  cleanup.push(() => net(`/security-groups/${g.id}`, 'DELETE'));
  const web = { security_group_id: g.id, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 80, port_range_max: 80, remote_ip_prefix: '0.0.0.0/0' };
  const dns = { security_group_id: g.id, direction: 'ingress', ethertype: 'IPv6', protocol: 'udp', port_range_min: 53, port_range_max: 53, remote_group_id: g.id, description: 'dns' };
  const made = await net('/security-group-rules', 'POST', { security_group_rules: [web, dns] });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.body.security_group_rules.map((r: any) => [r.port_range_min, r.remote_group_id, r.description]), [[80, null, ''], [53, g.id, 'dns']]);
  const again = await net('/security-group-rules', 'POST', { security_group_rules: [{ ...web, port_range_min: 81, port_range_max: 81 }, web] });
  assert.equal(again.status, 409);
  assert.equal(again.body.NeutronError.type, 'SecurityGroupRuleExists');
  const twice = await net('/security-group-rules', 'POST', { security_group_rules: [{ ...web, port_range_min: 90, port_range_max: 90 }, { ...web, port_range_min: 90, port_range_max: 90 }] });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.NeutronError.type, 'DuplicateSecurityGroupRuleInPost');
  const other = (await net('/security-groups', 'POST', { security_group: { name: unique('sg') } })).body.security_group;
  cleanup.push(() => net(`/security-groups/${other.id}`, 'DELETE'));
  const two = await net('/security-group-rules', 'POST', { security_group_rules: [{ ...web, port_range_min: 91, port_range_max: 91 }, { ...web, security_group_id: other.id }] });
  assert.equal(two.status, 400);
  assert.equal(two.body.NeutronError.message, 'Only allowed to update rules for one security profile at a time');
  const rules = (await net(`/security-group-rules?security_group_id=${g.id}`)).body.security_group_rules;
  assert.deepEqual(rules.map((r: any) => r.port_range_min).filter((p: unknown) => p !== null).sort(), [53, 80], 'ports 81, 90 and 91 were not made');
});

test('floating IPs: allocated on the external network, associated through a router, 404 without one', async () => {
  const pub = await publicNet();
  const n = await network();
  const sn = await subnet(n.id, '10.63.0.0/24');
  const port = (await net('/ports', 'POST', { port: { network_id: n.id } })).body.port;
  cleanup.push(() => net(`/ports/${port.id}`, 'DELETE'));
  const unreachable = await net('/floatingips', 'POST', { floatingip: { floating_network_id: pub.id, port_id: port.id } });
  assert.equal(unreachable.status, 404);
  assert.equal(unreachable.body.NeutronError.type, 'ExternalGatewayForFloatingIPNotFound');
  const r = (await net('/routers', 'POST', { router: { name: unique('r'), external_gateway_info: { network_id: pub.id } } })).body.router;
  await net(`/routers/${r.id}/add_router_interface`, 'PUT', { subnet_id: sn.id });
  cleanup.push(async () => {
    await net(`/routers/${r.id}/remove_router_interface`, 'PUT', { subnet_id: sn.id });
    await net(`/routers/${r.id}`, 'DELETE');
  });
  const fip = await net('/floatingips', 'POST', { floatingip: { floating_network_id: pub.id, port_id: port.id } });
  assert.equal(fip.status, 201);
  assert.equal(fip.body.floatingip.port_id, port.id);
  assert.equal(fip.body.floatingip.router_id, r.id);
  assert.equal(fip.body.floatingip.fixed_ip_address, port.fixed_ips[0].ip_address);
  assert.match(fip.body.floatingip.floating_ip_address, /^\d+\.\d+\.\d+\.\d+$/);
  const off = await net(`/floatingips/${fip.body.floatingip.id}`, 'PUT', { floatingip: { port_id: null } });
  assert.equal(off.body.floatingip.port_id, null);
  assert.equal(off.body.floatingip.status, 'DOWN');
  assert.equal((await net(`/floatingips/${fip.body.floatingip.id}`, 'DELETE')).status, 204);
});

test('tags: add one (201), replace all, filter by tags/tags-any/not-tags, remove', async () => {
  const n = await network();
  const tag = unique('t');
  assert.equal((await net(`/networks/${n.id}/tags/${tag}`, 'PUT')).status, 201);
  assert.equal((await net(`/networks/${n.id}/tags/${tag}`)).status, 204);
  assert.deepEqual((await net(`/networks?tags=${tag}`)).body.networks.map((x: { id: string }) => x.id), [n.id]);
  const replaced = await net(`/networks/${n.id}/tags`, 'PUT', { tags: [tag, 'b'] });
  assert.deepEqual(replaced.body.tags, [tag, 'b']);
  assert.deepEqual((await net(`/networks?tags-any=${tag},zzz`)).body.networks.map((x: { id: string }) => x.id), [n.id]);
  assert.ok(!(await net(`/networks?not-tags=${tag}`)).body.networks.some((x: { id: string }) => x.id === n.id));
  assert.equal((await net(`/networks/${n.id}/tags/b`, 'DELETE')).status, 204);
  assert.equal((await net(`/networks/${n.id}/tags/b`)).status, 404);
  assert.deepEqual((await net(`/networks/${n.id}`)).body.network.tags, [tag]);
});

test('quotas: shown per project; over quota is 409 OverQuota; an admin sets and resets them', async () => {
  const q = await net(`/quotas/${s.projectId}`);
  assert.equal(q.status, 200);
  assert.equal(typeof q.body.quota.network, 'number');
  const admin = await login(target.admin);
  const used = (await net(`/quotas/${s.projectId}/details`)).body.quota.router.used;
  const set = await admin.request('network', 'PUT', `/v2.0/quotas/${s.projectId}`, { body: { quota: { router: used } } });
  assert.equal(set.status, 200);
  assert.equal(set.body.quota.router, used);
  const over = await net('/routers', 'POST', { router: { name: unique('r') } });
  assert.equal(over.status, 409);
  assert.deepEqual(over.body.NeutronError, { type: 'OverQuota', message: "Quota exceeded for resources: ['router'].", detail: '' });
  assert.equal((await s.request('network', 'PUT', `/v2.0/quotas/${s.projectId}`, { body: { quota: { router: 99 } } })).status, 403);
  assert.equal((await admin.request('network', 'DELETE', `/v2.0/quotas/${s.projectId}`)).status, 204);
  assert.equal((await net('/quotas/' + s.projectId)).body.quota.router, q.body.quota.router);
});

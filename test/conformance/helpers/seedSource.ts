/**
 * Puts one of each exportable kind into the real `src` project (network, subnet, router with
 * gateway and interface, security group with a rule, image with data, keypair, detached volume,
 * a server with its own flavor) and removes them again. Names start with `conf-exp-`.
 */
import { quietly } from '../../shape/helpers/probe.js';
import { sshPublicKey } from '../../shape/helpers/sections/compute.js';
import type { Reply, Session } from '../../shape/helpers/session.js';

export interface Seeded { names: string[]; remove(): Promise<void> }

async function until(s: Session, service: string, path: string, state: (b: any) => unknown, wanted: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await s.call(service, 'GET', path);
    const now = r.status === 200 ? state(r.body) : `HTTP ${r.status}`;
    if (now === wanted) return;
    if (typeof now === 'string' && /error/i.test(now)) throw new Error(`${path} went to ${now}`);
    if (Date.now() > deadline) throw new Error(`${path} still ${String(now)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function ok(r: Reply, what: string): any {
  if (r.status >= 300) throw new Error(`seeding ${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

export async function seedSource(member: Session, admin: Session): Promise<Seeded> {
  const undo: (() => Promise<unknown>)[] = [];
  const remove = async () => { for (const step of undo) await quietly(step()); };
  try {
    const publicNet = ok(await member.call('network', 'GET', '/v2.0/networks?router:external=true'), 'external network').networks[0].id;
    const net = ok(await member.call('network', 'POST', '/v2.0/networks', { body: { network: { name: 'conf-exp-net', description: 'conformance export' } } }), 'network').network.id;
    undo.unshift(() => member.call('network', 'DELETE', `/v2.0/networks/${net}`));
    const subnet = ok(await member.call('network', 'POST', '/v2.0/subnets', { body: { subnet: { name: 'conf-exp-subnet', network_id: net, cidr: '10.96.0.0/24', ip_version: 4 } } }), 'subnet').subnet.id;
    const router = ok(await member.call('network', 'POST', '/v2.0/routers', { body: { router: { name: 'conf-exp-router', external_gateway_info: { network_id: publicNet } } } }), 'router').router.id;
    undo.unshift(() => member.call('network', 'DELETE', `/v2.0/routers/${router}`));
    ok(await member.call('network', 'PUT', `/v2.0/routers/${router}/add_router_interface`, { body: { subnet_id: subnet } }), 'router interface');
    undo.unshift(() => member.call('network', 'PUT', `/v2.0/routers/${router}/remove_router_interface`, { body: { subnet_id: subnet } }));
    const sg = ok(await member.call('network', 'POST', '/v2.0/security-groups', { body: { security_group: { name: 'conf-exp-sg', description: 'ssh' } } }), 'security group').security_group.id;
    undo.unshift(() => member.call('network', 'DELETE', `/v2.0/security-groups/${sg}`));
    ok(await member.call('network', 'POST', '/v2.0/security-group-rules', { body: { security_group_rule: {
      security_group_id: sg, direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '0.0.0.0/0' } } }), 'rule');
    const image = ok(await member.call('image', 'POST', '/v2/images', { body: { name: 'conf-exp-image', disk_format: 'raw', container_format: 'bare', visibility: 'private' } }), 'image').id;
    undo.push(() => member.call('image', 'DELETE', `/v2/images/${image}`));
    ok(await member.call('image', 'PUT', `/v2/images/${image}/file`, { data: new Uint8Array(8192).fill(3) }), 'image data');
    await until(member, 'image', `/v2/images/${image}`, (b) => b.status, 'active');
    ok(await member.call('compute', 'POST', '/os-keypairs', { body: { keypair: { name: 'conf-exp-key', public_key: sshPublicKey() } } }), 'keypair');
    undo.push(() => member.call('compute', 'DELETE', '/os-keypairs/conf-exp-key'));
    const flavor = ok(await admin.call('compute', 'POST', '/flavors', { body: { flavor: { name: 'conf-exp-flavor', ram: 64, vcpus: 1, disk: 1 } } }), 'flavor').flavor.id;
    undo.push(() => admin.call('compute', 'DELETE', `/flavors/${flavor}`));
    const volume = ok(await member.call('volumev3', 'POST', '/volumes', { body: { volume: { name: 'conf-exp-vol', size: 1 } } }), 'volume').volume.id;
    undo.push(() => member.call('volumev3', 'DELETE', `/volumes/${volume}`));
    const server = ok(await member.call('compute', 'POST', '/servers', { body: { server: {
      name: 'conf-exp-server', imageRef: image, flavorRef: flavor, key_name: 'conf-exp-key', networks: [{ uuid: net }], security_groups: [{ name: 'conf-exp-sg' }] } } }), 'server').server.id;
    undo.unshift(async () => {
      await member.call('compute', 'DELETE', `/servers/${server}`);
      await until(member, 'compute', `/servers/${server}`, () => 'present', 'HTTP 404', 120_000);
    });
    await until(member, 'volumev3', `/volumes/${volume}`, (b) => b.volume.status, 'available');
    await until(member, 'compute', `/servers/${server}`, (b) => b.server.status, 'ACTIVE');
  } catch (error) {
    await remove();
    throw error;
  }
  return { names: ['conf-exp-net', 'conf-exp-subnet', 'conf-exp-router', 'conf-exp-sg', 'conf-exp-image', 'conf-exp-key', 'conf-exp-flavor', 'conf-exp-vol', 'conf-exp-server'], remove };
}

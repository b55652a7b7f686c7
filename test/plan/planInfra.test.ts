import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { desiredItems, planPolicy } from '../../src/plan/desiredItems.js';
import { type Plan, stepId } from '../../src/plan/model.js';
import { observedState, emptyRawDestination } from '../../src/plan/observedState.js';
import { planInfra } from '../../src/plan/planInfra.js';
import { config, exampleResources, publicNetwork, rawDestinationFor, snap, state } from './helpers.js';

function plan(resources = exampleResources(), raw = (() => { const r = emptyRawDestination(); r.networks!.push(publicNetwork()); return r; })(), cfg = config(), owned: string[] = []): Plan {
  const s = state(resources, cfg);
  return planInfra({ commit: 'c0ffee', desired: desiredItems(s), observed: observedState(raw, new Map([['keypair', new Set(owned)]]), 'dst-project'), policy: planPolicy(s.config) });
}

const pos = (p: Plan, id: string) => {
  const i = p.steps.findIndex((s) => s.id === id);
  assert.notEqual(i, -1, `step ${id} in plan: ${p.steps.map((s) => s.id).join(', ')}`);
  return i;
};

describe('planInfra against an empty destination', () => {
  const p = plan();
  it('creates every resource, in dependency order', () => {
    assert.deepEqual(p.summary, { create: 10, update: 0, replace: 0, delete: 0, needsConfirmation: 0, conflicts: 0 });
    assert.ok(pos(p, 'create:network/app-net') < pos(p, 'create:subnet/app-subnet'));
    assert.ok(pos(p, 'create:subnet/app-subnet') < pos(p, 'create:router_interface/app-router/app-subnet'));
    assert.ok(pos(p, 'create:router/app-router') < pos(p, 'create:router_interface/app-router/app-subnet'));
    assert.ok(pos(p, 'create:security_group/web') < pos(p, 'create:security_group_rule/web/ingress/IPv4/tcp/443-443/anywhere'));
  });
  it('sets static routes in a step after the router interfaces', () => {
    const routes = p.steps[pos(p, 'routes:router/app-router')];
    assert.deepEqual(routes?.dependsOn, ['create:router/app-router', 'create:router_interface/app-router/app-subnet']);
    assert.deepEqual(p.steps[pos(p, 'create:router/app-router')]?.spec?.routes, []);
    assert.deepEqual(routes?.spec?.routes, [{ destination: '192.168.50.0/24', nexthop: '10.1.0.254' }]);
  });
  it('records the dependencies of each step explicitly', () => {
    assert.deepEqual(p.steps[pos(p, 'create:subnet/app-subnet')]?.dependsOn, ['create:network/app-net']);
    assert.deepEqual(p.steps[pos(p, 'create:network/app-net')]?.dependsOn, []);
  });
});

describe('planInfra against a destination that already matches', () => {
  it('plans nothing', () => {
    const s = state(exampleResources());
    const p = plan(exampleResources(), rawDestinationFor(desiredItems(s)), config(), ['alice']);
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.steps, []);
  });
});

describe('planInfra with changed params', () => {
  const base = () => rawDestinationFor(desiredItems(state(exampleResources())));
  it('updates in place what Neutron can update', () => {
    const resources = exampleResources();
    (resources[1]?.params as { dns_nameservers: string[] }).dns_nameservers = ['9.9.9.9'];
    const p = plan(resources, base(), config(), ['alice']);
    assert.equal(p.changes.length, 1);
    assert.equal(p.changes[0]?.action, 'update');
    assert.deepEqual(p.steps.map((s) => s.id), ['update:subnet/app-subnet']);
    assert.deepEqual(p.steps[0]?.fields, ['dns_nameservers']);
  });
  it('replaces a subnet whose cidr changed, and its router interface with it, deleting before creating', () => {
    const resources = exampleResources();
    Object.assign(resources[1]?.params as object, { cidr: '10.2.0.0/24', gateway_ip: '10.2.0.1', allocation_pools: [] });
    Object.assign((resources[3]?.params as { fixed_ips_refs: { ip_address: string }[] }).fixed_ips_refs[0] as object, { ip_address: '10.2.0.1' });
    const p = plan(resources, base(), config(), ['alice']);
    const subnet = p.changes.find((c) => c.kind === 'subnet');
    assert.equal(subnet?.action, 'replace');
    assert.match(subnet?.reason ?? '', /cannot change cidr in place/);
    assert.equal(p.changes.find((c) => c.kind === 'router_interface')?.action, 'replace');
    assert.ok(pos(p, 'delete:router_interface/app-router/app-subnet') < pos(p, 'delete:subnet/app-subnet'));
    assert.ok(pos(p, 'delete:subnet/app-subnet') < pos(p, 'create:subnet/app-subnet'));
    assert.ok(pos(p, 'create:subnet/app-subnet') < pos(p, 'create:router_interface/app-router/app-subnet'));
    assert.equal(p.summary.replace, 2);
  });
  it('replaces a flavor whose ram changed but updates its extra specs in place', () => {
    const ram = exampleResources();
    (ram[7]?.params as { ram: number }).ram = 4096;
    const p1 = plan(ram, base(), config(), ['alice']);
    assert.deepEqual(p1.steps.map((s) => s.id), ['delete:flavor/m1.app', 'create:flavor/m1.app']);
    assert.equal(p1.changes[0]?.destructive, true);
    const specs = exampleResources();
    (specs[7]?.params as { extra_specs: Record<string, string> }).extra_specs = { 'hw:cpu_policy': 'dedicated' };
    assert.deepEqual(plan(specs, base(), config(), ['alice']).steps.map((s) => s.id), ['update:flavor/m1.app']);
  });
  it('uploads data for an image record left without data, and replaces an image whose source bytes changed', () => {
    const queued = base();
    Object.assign(queued.images![0] as object, { status: 'queued', checksum: null, size: null });
    assert.deepEqual(plan(exampleResources(), queued, config(), ['alice']).steps.map((s) => `${s.id} ${s.fields?.join(',') ?? ''}`), ['update:image/cirros data']);
    const changed = base();
    Object.assign(changed.images![0] as object, { checksum: 'md5-old' });
    assert.deepEqual(plan(exampleResources(), changed, config(), ['alice']).steps.map((s) => s.id), ['delete:image/cirros', 'create:image/cirros']);
  });
});

describe('planInfra ownership and pruning', () => {
  it('never touches a same-named resource without the marker: the change is blocked', () => {
    const raw = rawDestinationFor(desiredItems(state(exampleResources())));
    (raw.networks![1] as { tags: string[] }).tags = [];
    const p = plan(exampleResources(), raw, config(), ['alice']);
    const net = p.changes.find((c) => c.kind === 'network');
    assert.equal(net?.conflict, true);
    assert.match(net?.reason ?? '', /without the stackshift marker/);
    assert.equal(p.steps.some((s) => s.kind === 'network'), false);
  });
  it('deletes the rules Neutron added to a managed group without needing prune', () => {
    const raw = rawDestinationFor(desiredItems(state(exampleResources())));
    raw.securityGroupRules!.push({ id: 'default-v6', security_group_id: 'security_group-web', direction: 'egress', ethertype: 'IPv6', protocol: null, remote_ip_prefix: null, project_id: 'dst-project' });
    const p = plan(exampleResources(), raw, config({ prune: false }), ['alice']);
    assert.deepEqual(p.steps.map((s) => `${s.id} ${s.targetId}`), ['delete:security_group_rule/web/egress/IPv6/any/-/anywhere default-v6']);
  });
  it('lists resources no longer desired as needing confirmation unless policy.prune allows deleting them', () => {
    const raw = rawDestinationFor(desiredItems(state(exampleResources())));
    const reverted = exampleResources().filter((r) => !['network', 'subnet', 'router', 'router_interface'].includes(r.kind));
    const held = plan(reverted, raw, config({ prune: false }), ['alice']);
    assert.equal(held.steps.length, 0);
    assert.equal(held.summary.needsConfirmation, 3, 'network, subnet, router (the interface goes with its router)');
    assert.ok(held.changes.every((c) => c.needsConfirmation && c.destructive));
    const pruned = plan(reverted, raw, config({ prune: true }), ['alice']);
    assert.deepEqual(pruned.steps.map((s) => s.id), ['delete:router/app-router', 'delete:subnet/app-subnet', 'delete:network/app-net']);
    assert.deepEqual(pruned.steps[1]?.dependsOn, ['delete:router/app-router']);
    const confirmed = plan(reverted, raw, config({ confirmations: [{ action: 'delete-destination-resource', target: 'router/app-router' }] }), ['alice']);
    assert.deepEqual(confirmed.steps.map((s) => s.id), ['delete:router/app-router']);
  });
  it('deletes a keypair only when the event log says stackshift created it', () => {
    const raw = rawDestinationFor(desiredItems(state(exampleResources())));
    const noKey = exampleResources().filter((r) => r.kind !== 'keypair');
    assert.deepEqual(plan(noKey, raw, config({ prune: true }), []).steps, []);
    assert.deepEqual(plan(noKey, raw, config({ prune: true }), ['alice']).steps.map((s) => s.id), ['delete:keypair/alice']);
  });
  it('adopts a keypair with the same public key, and blocks one with a different key', () => {
    const raw = rawDestinationFor(desiredItems(state(exampleResources())));
    assert.deepEqual(plan(exampleResources(), raw, config(), []).changes, []);
    ((raw.keypairs![0] as { keypair: { public_key: string } }).keypair).public_key = 'ssh-ed25519 OTHER';
    assert.equal(plan(exampleResources(), raw, config(), []).changes[0]?.conflict, true);
  });
});

describe('planInfra mappings and references', () => {
  it('does not create a mapped network and points references at the mapped name', () => {
    const resources = [
      snap('network', { name: 'ext-old', is_router_external: true }),
      snap('router', { name: 'r', external_gateway_refinfo: { network_ref: { name: 'ext-old' } } }),
    ];
    const p = plan(resources, undefined, config({ networks: { 'ext-old': 'public' } }));
    assert.deepEqual(p.steps.map((s) => `${s.id} ${String(s.spec?.external_network)}`), ['create:router/r public']);
  });
  it('blocks a router whose external network exists nowhere', () => {
    const resources = [snap('router', { name: 'r', external_gateway_refinfo: { network_ref: { name: 'nowhere' } } })];
    const p = plan(resources);
    assert.equal(p.changes[0]?.conflict, true);
    assert.match(p.changes[0]?.reason ?? '', /network 'nowhere'/);
    assert.equal(p.steps.length, 0);
  });
  it('does not create a mapped flavor', () => {
    const resources = [snap('flavor', { name: 'm1.old', vcpus: 1, ram: 512, disk: 1 })];
    assert.deepEqual(plan(resources, undefined, config({ flavors: { 'm1.old': 'm1.small' } })).changes, []);
  });
});

describe('plan fingerprint', () => {
  it('is stable under list order and changes when the destination changes', () => {
    const items = desiredItems(state(exampleResources()));
    const a = plan(exampleResources(), rawDestinationFor(items), config(), ['alice']);
    const reordered = rawDestinationFor([...items].reverse());
    const b = plan(exampleResources(), reordered, config(), ['alice']);
    assert.equal(a.observedFingerprint, b.observedFingerprint);
    const moved = rawDestinationFor(items);
    (moved.networks![1] as { description: string }).description = 'edited by hand';
    assert.notEqual(plan(exampleResources(), moved, config(), ['alice']).observedFingerprint, a.observedFingerprint);
  });
  it('names a step by action, kind and key', () => {
    assert.equal(stepId('create', 'network', 'n'), 'create:network/n');
  });
});

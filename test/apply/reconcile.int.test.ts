import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MARKER_TAG } from '../../src/resources/common.js';
import { reconcilePass } from '../../src/reconcile/pass.js';
import { repoFiles } from './desiredRepo.js';
import { startHarness, type Harness } from './harness.js';

async function neutronList(h: Harness, collection: string, query: Record<string, string> = {}) {
  const res = await h.clients.destination.request<Record<string, Record<string, unknown>[]>>({ service: 'network', method: 'GET', path: `/${collection}`, query });
  return res.body[collection.replace(/-/g, '_')] ?? [];
}

describe('reconcilePass against the simulated destination', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('applies a commit: every resource created, each step recorded, the commit applied', async () => {
    const reader = await h.writeRepo(repoFiles());
    const outcome = await reconcilePass(h.deps, { commit: 'c1', reader, reason: 'commit' });
    assert.equal(outcome.result, 'applied');
    assert.equal(outcome.failedSteps, 0);
    const events = await h.events();
    const types = events.filter((e) => e.stream === 'commit:c1').map((e) => e.type);
    assert.deepEqual(types, ['CommitObserved', 'PlanComputed', 'CommitApplied']);
    const started = events.filter((e) => e.type === 'StepStarted');
    assert.equal(started.length, outcome.changes);
    assert.equal(events.filter((e) => e.type === 'ResourceCreated' || e.type === 'ResourceUpdated').length, outcome.changes);
    assert.ok(events.filter((e) => e.stream.startsWith('resource:')).every((e) => e.commit === 'c1'));

    const [router] = await neutronList(h, 'routers', { name: 't-router' });
    assert.deepEqual(router?.routes, [{ destination: '198.51.100.0/24', nexthop: '10.77.0.254' }]);
    assert.ok((router?.tags as string[]).includes(MARKER_TAG));
    const ports = await neutronList(h, 'ports', { device_id: String(router?.id) });
    assert.ok(ports.some((p) => (p.fixed_ips as { ip_address: string }[]).some((f) => f.ip_address === '10.77.0.1')), 'the interface kept its IP');
    const [group] = await neutronList(h, 'security-groups', { name: 't-sg' });
    const rules = await neutronList(h, 'security-group-rules', { security_group_id: String(group?.id) });
    assert.deepEqual(rules.map((r) => `${r.direction}/${r.ethertype}/${r.protocol ?? 'any'}`).sort(), ['egress/IPv4/any', 'ingress/IPv4/tcp'], 'Neutron\'s default IPv6 egress rule is gone');
  });

  it('a second pass plans nothing and makes no write call', async () => {
    const reader = await h.writeRepo(repoFiles());
    h.agent.reset();
    const outcome = await reconcilePass(h.deps, { commit: 'c1', reader, reason: 'drift' });
    assert.equal(outcome.result, 'unchanged');
    assert.deepEqual(h.agent.writes, []);
    assert.ok(h.agent.requests > 0, 'it did observe the clouds');
    assert.equal((await h.events()).filter((e) => e.type === 'DriftDetected').length, 0);
  });

  it('a change updates in place what can be, and replaces the flavor whose ram changed', async () => {
    const reader = await h.writeRepo(repoFiles({ dns: ['9.9.9.9'], flavorRam: 4096 }));
    const outcome = await reconcilePass(h.deps, { commit: 'c2', reader, reason: 'commit' });
    assert.equal(outcome.result, 'applied');
    const [subnet] = await neutronList(h, 'subnets', { name: 't-subnet' });
    assert.deepEqual(subnet?.dns_nameservers, ['9.9.9.9']);
    const flavors = (await h.clients.destinationAdmin.request<{ flavors: { name: string; ram: number }[] }>({ service: 'compute', method: 'GET', path: '/flavors/detail' })).body.flavors.filter((f) => f.name === 't.flavor');
    assert.deepEqual(flavors.map((f) => f.ram), [4096], 'one flavor, replaced');
    const kinds = (await h.events()).filter((e) => e.commit === 'c2' && e.stream.startsWith('resource:')).map((e) => `${e.type} ${e.stream}`);
    assert.deepEqual(kinds.filter((k) => !k.startsWith('StepStarted')).sort(), ['ResourceCreated resource:flavor/t.flavor', 'ResourceDeleted resource:flavor/t.flavor', 'ResourceUpdated resource:subnet/t-subnet']);
    h.agent.reset();
    assert.equal((await reconcilePass(h.deps, { commit: 'c2', reader, reason: 'drift' })).result, 'unchanged');
    assert.deepEqual(h.agent.writes, []);
  });

  it('a revert without prune lists the router as needing confirmation and deletes nothing', async () => {
    const reader = await h.writeRepo(repoFiles({ dns: ['9.9.9.9'], flavorRam: 4096, router: false }));
    h.agent.reset();
    const outcome = await reconcilePass(h.deps, { commit: 'c3', reader, reason: 'commit' });
    assert.equal(outcome.result, 'unchanged');
    assert.deepEqual(h.agent.writes, []);
    const planned = (await h.events()).find((e) => e.commit === 'c3' && e.type === 'PlanComputed');
    const changes = planned?.data.changes as { kind: string; action: string; needsConfirmation: boolean }[];
    assert.deepEqual(changes.map((c) => `${c.kind} ${c.action} ${c.needsConfirmation}`), ['router delete true']);
    assert.equal((await neutronList(h, 'routers', { name: 't-router' })).length, 1);
  });

  it('with policy.prune the revert removes what stackshift created for it, interfaces first', async () => {
    const reader = await h.writeRepo(repoFiles({ dns: ['9.9.9.9'], flavorRam: 4096, router: false, prune: true }));
    const outcome = await reconcilePass(h.deps, { commit: 'c4', reader, reason: 'commit' });
    assert.equal(outcome.result, 'applied');
    assert.equal((await neutronList(h, 'routers', { name: 't-router' })).length, 0);
    const [network] = await neutronList(h, 'networks', { name: 't-net' });
    const left = await neutronList(h, 'ports', { network_id: String(network?.id), device_owner: 'network:router_interface' });
    assert.deepEqual(left.map((p) => p.fixed_ips), []);
  });

  it('a commit that does not validate is rejected without a single cloud request', async () => {
    const files = repoFiles();
    files['snapshots/subnets.yml'] = 'os_migrate_version: 1.0.5\nresources:\n- type: openstack.subnet.Subnet\n  params: {name: x}\n';
    const reader = await h.writeRepo(files);
    h.agent.reset();
    const outcome = await reconcilePass(h.deps, { commit: 'bad', reader, reason: 'commit' });
    assert.equal(outcome.result, 'rejected');
    assert.ok((outcome.problems ?? []).some((p) => p.file === 'snapshots/subnets.yml' && p.line > 0));
    assert.equal(h.agent.requests, 0);
    assert.deepEqual((await h.events()).filter((e) => e.commit === 'bad').map((e) => e.type), ['CommitObserved', 'DesiredStateRejected']);
  });

  it('after a crash between a create and its event, the next pass finds the resource instead of duplicating it', async () => {
    // The "crashed" attempt: the network exists with the marker, but no event says so.
    const files = repoFiles({ dns: ['9.9.9.9'], flavorRam: 4096, prune: true });
    (files['snapshots/networks.yml'] as { resources: { params: Record<string, unknown> }[] }).resources.push({ params: { name: 't-net-2', description: 'second', tags: [] } } as never);
    (files['snapshots/networks.yml'] as { resources: Record<string, unknown>[] }).resources[1] = { type: 'openstack.network.Network', params: { name: 't-net-2', description: 'second', tags: [] }, _info: { id: '00000000-0000-4000-8000-00000000aaaa' } };
    await h.clients.destination.request({ service: 'network', method: 'POST', path: '/networks', body: { network: { name: 't-net-2', description: 'second', tags: [MARKER_TAG] } } });
    const reader = await h.writeRepo(files);
    const outcome = await reconcilePass(h.deps, { commit: 'c5', reader, reason: 'resume' });
    assert.equal(outcome.result, 'applied');
    assert.equal((await neutronList(h, 'networks', { name: 't-net-2' })).length, 1);
  });

  it('converges through bursts of 503 and 409 answers', async () => {
    const reader = await h.writeRepo(repoFiles({ dns: ['1.1.1.1'], flavorRam: 4096, prune: true }));
    const faults = h.sim.cloud('destination').faults;
    const a = faults.inject({ service: 'neutron', method: 'POST', status: 503, times: 2 });
    const b = faults.inject({ service: 'neutron', method: 'PUT', status: 409, times: 1 });
    const outcome = await reconcilePass(h.deps, { commit: 'c6', reader, reason: 'commit' });
    a.remove?.();
    b.remove?.();
    assert.equal(outcome.result, 'applied', JSON.stringify((await h.events()).filter((e) => e.type === 'StepFailed').map((e) => e.data)));
    assert.equal((await neutronList(h, 'routers', { name: 't-router' })).length, 1);
    h.agent.reset();
    assert.equal((await reconcilePass(h.deps, { commit: 'c6', reader, reason: 'drift' })).result, 'unchanged');
    assert.deepEqual(h.agent.writes, []);
  });
});
